/*
 * bench-post: the floor of the uploader benchmark, and the load generator
 * of the ingest benchmark.  A bare libcurl loop: one handle (one kept-alive
 * connection), each file POSTed to URL/v1/batches as the uploader would,
 * nothing else (no store, no acknowledgement check).  Files are read
 * before the clock starts.  Exits non-zero unless every reply is 200/201.
 *	bench-post [--gate FIFO] URL FILE...	->	"post_secs S" on stdout
 * With --gate, it prints "ready" once loaded and waits until FIFO is
 * opened for writing: the ingest benchmark starts its clock when every
 * kiosk is ready, so that it times the collector, not the start of four
 * programs (about 50 ms of CPU each, on the collector's cores).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ykien/util.h"

static size_t
sink(char *p, size_t size, size_t n, void *arg)
{
	return size * n;
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct curl_slist	*h = NULL;
	CURL			*c;
	uint8_t			**buf;
	size_t			*len;
	char			*url, *cause = NULL;
	const char		*gate = NULL;
	double			 t0;
	long			 st;
	int			 i, n, fd;

	if (argc > 2 && strcmp(argv[1], "--gate") == 0) {
		gate = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc < 3) {
		fprintf(stderr, "usage: bench-post [--gate FIFO] URL FILE...\n");
		return 2;
	}
	n = argc - 2;
	buf = calloc((size_t)n, sizeof *buf);
	len = calloc((size_t)n, sizeof *len);
	if (buf == NULL || len == NULL)
		return 1;
	for (i = 0; i < n; i++)
		if (util_read_file(argv[i + 2], 64u << 20, &buf[i], &len[i],
		    &cause) != 0) {
			fprintf(stderr, "bench-post: %s\n", cause);
			return 1;
		}
	if ((url = util_printf("%s/v1/batches", argv[1])) == NULL ||
	    curl_global_init(CURL_GLOBAL_DEFAULT) != 0 ||
	    (c = curl_easy_init()) == NULL ||
	    (h = curl_slist_append(h, "Content-Type: application/octet-stream"))
	    == NULL || (h = curl_slist_append(h, "Expect:")) == NULL)
		return 1;
	if (curl_easy_setopt(c, CURLOPT_URL, url) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_POST, 1L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink) != CURLE_OK)
		return 1;
	if (gate != NULL) {
		/* Blocks until the benchmark opens the FIFO to write. */
		if (printf("ready\n") < 0 || fflush(stdout) != 0 ||
		    (fd = open(gate, O_RDONLY)) == -1) {
			perror("bench-post: gate");
			return 1;
		}
		close(fd);
	}
	t0 = now();
	for (i = 0; i < n; i++) {
		if (curl_easy_setopt(c, CURLOPT_POSTFIELDS, buf[i]) !=
		    CURLE_OK || curl_easy_setopt(c,
		    CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len[i]) !=
		    CURLE_OK || curl_easy_perform(c) != CURLE_OK ||
		    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st) !=
		    CURLE_OK || (st != 200 && st != 201)) {
			fprintf(stderr, "bench-post: %s: failed (HTTP %ld)\n",
			    argv[i + 2], st);
			return 1;
		}
	}
	printf("post_secs %.4f\n", now() - t0);
	curl_easy_cleanup(c);
	curl_slist_free_all(h);
	curl_global_cleanup();
	for (i = 0; i < n; i++)
		free(buf[i]);
	free(buf);
	free(len);
	free(url);
	return 0;
}
