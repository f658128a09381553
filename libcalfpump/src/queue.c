#include "queue.h"

#include <string.h>

void queue_setup(queue *q, void *data, size_t record, size_t capacity)
{
    q->data = data;
    q->record = record;
    q->capacity = capacity;
    queue_clear(q);
}

void queue_clear(queue *q)
{
    q->head = q->count = q->committed = 0;
}

size_t queue_free(const queue *q)
{
    return q->capacity - q->count;
}

static void *slot(queue *q, size_t i)
{
    return q->data + ((q->head + i) % q->capacity) * q->record;
}

void queue_push(queue *q, const void *rec)
{
    memcpy(slot(q, q->count), rec, q->record);
    q->count++;
}

void queue_commit(queue *q)
{
    q->committed = q->count;
}

void queue_rollback(queue *q)
{
    q->count = q->committed;
}

void queue_drop_provisional(queue *q, size_t n)
{
    for (size_t i = q->committed + n; i < q->count; i++)
        memcpy(slot(q, i - n), slot(q, i), q->record);
    q->count -= n;
}

void *queue_provisional(queue *q, size_t i)
{
    return slot(q, q->committed + i);
}

size_t queue_provisional_count(const queue *q)
{
    return q->count - q->committed;
}

const void *queue_committed_record(queue *q, size_t i)
{
    return slot(q, i);
}

size_t queue_poll(queue *q, void *out, size_t cap)
{
    size_t n = q->committed < cap ? q->committed : cap;
    unsigned char *dst = out;
    for (size_t i = 0; i < n; i++)
        memcpy(dst + i * q->record, slot(q, i), q->record);
    q->head = (q->head + n) % q->capacity;
    q->count -= n;
    q->committed -= n;
    return n;
}
