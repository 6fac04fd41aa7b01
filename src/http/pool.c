/*
 * pool.c - worker threads draining one FIFO queue; see pool.h.
 */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

struct task {
	pool_fn fn;
	void *arg;
	struct task *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct task *head, **tail = &head;
static int stopping;
static pthread_t *threads;
static unsigned nthreads;

static void *
worker(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&mu);
	for (;;) {
		struct task *t;

		while (head == NULL && !stopping)
			pthread_cond_wait(&cv, &mu);
		if (head == NULL)
			break;
		t = head;
		head = t->next;
		if (head == NULL)
			tail = &head;
		pthread_mutex_unlock(&mu);
		t->fn(t->arg);
		free(t);
		pthread_mutex_lock(&mu);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

int
pool_start(unsigned n)
{
	threads = calloc(n, sizeof *threads);
	if (threads == NULL)
		return -1;
	stopping = 0;
	for (nthreads = 0; nthreads < n; nthreads++)
		if (pthread_create(&threads[nthreads], NULL, worker, NULL) != 0)
			return -1;
	return 0;
}

void
pool_submit(pool_fn fn, void *arg)
{
	struct task *t = malloc(sizeof *t);

	if (t == NULL)
		abort();
	t->fn = fn;
	t->arg = arg;
	t->next = NULL;
	pthread_mutex_lock(&mu);
	*tail = t;
	tail = &t->next;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

void
pool_stop(void)
{
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	for (unsigned i = 0; i < nthreads; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	threads = NULL;
	nthreads = 0;
}
