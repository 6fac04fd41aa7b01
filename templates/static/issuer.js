/* issuer.js - the console's issuer page: a preview of a newly chosen logo
 * or seal beside its file input, before it is saved (as a data: URL, which
 * the pages' Content-Security-Policy allows for images). */
'use strict';
document.querySelectorAll('.issuer-image input[type=file]').forEach(function (input) {
  input.addEventListener('change', function () {
    var old = input.parentNode.querySelector('img.issuer-new'), reader;
    if (old) old.remove();
    if (!input.files || !input.files[0] || input.files[0].size > 4 * 1024 * 1024) return;
    reader = new FileReader();
    reader.onload = function () {
      var img = document.createElement('img');
      img.className = 'issuer-preview issuer-new';
      img.alt = input.labels && input.labels[0] ? input.labels[0].textContent : '';
      img.src = reader.result;
      input.insertAdjacentElement('afterend', img);
    };
    reader.readAsDataURL(input.files[0]);
  });
});
/* A refused save: the summary above the form takes the focus, so a
 * keyboard or screen reader starts at what to correct. */
(function () {
  var summary = document.getElementById('errors');
  if (summary) summary.focus();
}());
