/* Fixed-capacity FIFO of fixed-size records in caller memory, with a commit mark: records pushed
 * after the mark are provisional (an unconfirmed bout's activations) and can be taken back;
 * poll only hands out committed records. */
#ifndef CALFPUMP_QUEUE_H
#define CALFPUMP_QUEUE_H

#include <stddef.h>

typedef struct queue {
    unsigned char *data;
    size_t record;    /* bytes per record */
    size_t capacity;  /* records */
    size_t head;      /* index of the oldest record */
    size_t count;     /* records held, committed or not */
    size_t committed; /* the oldest `committed` records may be polled */
} queue;

void queue_setup(queue *q, void *data, size_t record, size_t capacity);
void queue_clear(queue *q);
size_t queue_free(const queue *q);
/* Appends a provisional record; the caller checked queue_free first. */
void queue_push(queue *q, const void *rec);
void queue_commit(queue *q);
void queue_rollback(queue *q);
/* Takes back the n oldest provisional records (n <= queue_provisional_count). */
void queue_drop_provisional(queue *q, size_t n);
/* Provisional record i (0 = oldest provisional), for in-place edits before commit. */
void *queue_provisional(queue *q, size_t i);
size_t queue_provisional_count(const queue *q);
/* Committed record i (0 = oldest), to read what a stage just committed. */
const void *queue_committed_record(queue *q, size_t i);
/* Copies up to cap committed records out; returns how many. */
size_t queue_poll(queue *q, void *out, size_t cap);

#endif
