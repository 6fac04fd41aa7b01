/*
 * hdrwatch.c - the deadline for a request's headers; see hdrwatch.h.
 * Depends on POSIX threads and sockets only.
 *
 * The watched connections form one list under a mutex, taken when a
 * connection opens or closes and once a second by the watchdog's walk.
 * A connection's wait start is an atomic: the connection threads set it
 * without the lock. libmicrohttpd reports a connection closed before it
 * closes the socket, so a descriptor the watchdog shuts down is always
 * still the connection's own.
 */
#include "hdrwatch.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

struct hdrwatch {
	struct hdrwatch *prev, *next;
	int fd;
	_Atomic uint32_t since;	/* waiting for headers since (now_s()); 0: not */
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static struct hdrwatch *head;
static pthread_t watchdog;
static int running, stopping;
static uint32_t deadline;

/* Monotonic seconds, never 0. */
static uint32_t
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint32_t)ts.tv_sec + 1;
}

/* Once a second: shuts down the connections past the deadline. libmicro-
 * httpd then sees the socket end and closes the connection itself. */
static void *
watchdog_main(void *arg)
{
	struct timespec until;

	(void)arg;
	pthread_mutex_lock(&mu);
	while (!stopping) {
		uint32_t now = now_s();

		for (struct hdrwatch *w = head; w != NULL; w = w->next) {
			uint32_t since = atomic_load_explicit(&w->since, memory_order_relaxed);

			/* Whole seconds: more than the deadline has passed, at
			 * most two seconds more. */
			if (since != 0 && now - since > deadline) {
				atomic_store_explicit(&w->since, 0, memory_order_relaxed);
				shutdown(w->fd, SHUT_RDWR);
			}
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		while (!stopping && pthread_cond_timedwait(&wake, &mu, &until) == 0)
			;
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

int
hdrwatch_start(unsigned timeout)
{
	if (timeout == 0 || running)
		return -1;
	deadline = timeout;
	stopping = 0;
	if (pthread_create(&watchdog, NULL, watchdog_main, NULL) != 0)
		return -1;
	running = 1;
	return 0;
}

void
hdrwatch_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&mu);
	stopping = 1;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&mu);
	pthread_join(watchdog, NULL);
	running = 0;
}

struct hdrwatch *
hdrwatch_open(int fd)
{
	struct hdrwatch *w = malloc(sizeof *w);

	if (w == NULL)
		return NULL;
	w->fd = fd;
	w->prev = NULL;
	atomic_init(&w->since, now_s());
	pthread_mutex_lock(&mu);
	w->next = head;
	if (head != NULL)
		head->prev = w;
	head = w;
	pthread_mutex_unlock(&mu);
	return w;
}

void
hdrwatch_headers_in(struct hdrwatch *w)
{
	if (w != NULL)
		atomic_store_explicit(&w->since, 0, memory_order_relaxed);
}

void
hdrwatch_rearm(struct hdrwatch *w)
{
	if (w != NULL)
		atomic_store_explicit(&w->since, now_s(), memory_order_relaxed);
}

void
hdrwatch_close(struct hdrwatch *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&mu);
	if (w->prev != NULL)
		w->prev->next = w->next;
	else
		head = w->next;
	if (w->next != NULL)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&mu);
	free(w);
}
