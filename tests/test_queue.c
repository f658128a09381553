/*
 * Unit tests of the result queue (queue.h): FIFO order, wrap-around of the storage, the commit
 * mark (provisional records are invisible to poll and can be taken back whole), poll limits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "queue.h"

/* A record wider than a word, so that a copy of the wrong size or from the wrong slot shows. */
typedef struct rec {
    uint32_t id;
    uint32_t check;
    double payload;
} rec;

static rec make_rec(uint32_t id)
{
    rec r = {id, ~id * 2654435761u, (double)id * 0.5};
    return r;
}

static void expect_rec(const rec *r, uint32_t id)
{
    assert_int_equal(r->id, id);
    assert_int_equal(r->check, ~id * 2654435761u);
    assert_true(r->payload == (double)id * 0.5);
}

static void push_ids(queue *q, uint32_t from, uint32_t to)
{
    for (uint32_t id = from; id < to; id++) {
        assert_true(queue_free(q) > 0);
        rec r = make_rec(id);
        queue_push(q, &r);
    }
}

#define CAP 5

static void test_fifo_order(void **state)
{
    (void)state;
    rec storage[CAP], out[CAP];
    queue q;
    queue_setup(&q, storage, sizeof(rec), CAP);
    assert_int_equal(queue_free(&q), CAP);
    push_ids(&q, 10, 14);
    assert_int_equal(queue_free(&q), CAP - 4);
    queue_commit(&q);
    assert_int_equal(queue_poll(&q, out, CAP), 4);
    for (uint32_t i = 0; i < 4; i++)
        expect_rec(&out[i], 10 + i);
    assert_int_equal(queue_free(&q), CAP);
    assert_int_equal(queue_poll(&q, out, CAP), 0); /* empty */
}

static void test_wrap_around(void **state)
{
    (void)state;
    rec storage[CAP + 1], out[CAP];
    /* A guard record after the storage: the queue must never write past its capacity. */
    storage[CAP] = make_rec(0xDEAD);
    queue q;
    queue_setup(&q, storage, sizeof(rec), CAP);
    uint32_t next_in = 0, next_out = 0;
    /* Many rounds of uneven push/poll sizes walk head all around the storage. */
    const uint32_t pushes[] = {3, 2, 4, 5, 1, 3, 4, 2, 5, 5, 1, 1, 3};
    const size_t polls[] = {2, 3, 4, 5, 1, 2, 5, 1, 5, 5, 2, 0, 9};
    for (size_t round = 0; round < sizeof pushes / sizeof *pushes; round++) {
        uint32_t k = pushes[round];
        if (k > queue_free(&q))
            k = (uint32_t)queue_free(&q);
        push_ids(&q, next_in, next_in + k);
        next_in += k;
        queue_commit(&q);
        size_t want = polls[round] < q.count ? polls[round] : q.count;
        size_t cap = polls[round] < CAP ? polls[round] : CAP;
        size_t got = queue_poll(&q, out, cap);
        assert_int_equal(got, want < cap ? want : cap);
        for (size_t i = 0; i < got; i++)
            expect_rec(&out[i], next_out++);
        expect_rec(&storage[CAP], 0xDEAD);
    }
    /* Full to the brim after wrapping, then drained in order. */
    push_ids(&q, next_in, next_in + (uint32_t)queue_free(&q));
    assert_int_equal(queue_free(&q), 0);
    queue_commit(&q);
    size_t got = queue_poll(&q, out, CAP);
    assert_int_equal(got, CAP);
    for (size_t i = 0; i < got; i++)
        expect_rec(&out[i], next_out++);
    expect_rec(&storage[CAP], 0xDEAD);
}

static void test_commit_rollback(void **state)
{
    (void)state;
    rec storage[CAP], out[CAP];
    queue q;
    queue_setup(&q, storage, sizeof(rec), CAP);

    /* Provisional records are held (they use room) but cannot be polled. */
    push_ids(&q, 0, 3);
    assert_int_equal(queue_provisional_count(&q), 3);
    assert_int_equal(queue_free(&q), CAP - 3);
    assert_int_equal(queue_poll(&q, out, CAP), 0);

    /* Rollback takes all of them back and frees their room. */
    queue_rollback(&q);
    assert_int_equal(queue_provisional_count(&q), 0);
    assert_int_equal(queue_free(&q), CAP);
    assert_int_equal(queue_poll(&q, out, CAP), 0);

    /* Committed records survive a later rollback; only what came after the mark goes. */
    push_ids(&q, 100, 102);
    queue_commit(&q);
    push_ids(&q, 200, 203);
    assert_int_equal(queue_provisional_count(&q), 3);
    assert_int_equal(queue_free(&q), 0);
    queue_rollback(&q);
    assert_int_equal(queue_free(&q), CAP - 2);
    assert_int_equal(queue_poll(&q, out, CAP), 2);
    expect_rec(&out[0], 100);
    expect_rec(&out[1], 101);

    /* Provisional records can be edited in place before commit. */
    push_ids(&q, 300, 302);
    assert_int_equal(queue_provisional_count(&q), 2);
    expect_rec(queue_provisional(&q, 0), 300);
    expect_rec(queue_provisional(&q, 1), 301);
    *(rec *)queue_provisional(&q, 1) = make_rec(999);
    queue_commit(&q);
    assert_int_equal(queue_provisional_count(&q), 0);
    assert_int_equal(queue_poll(&q, out, CAP), 2);
    expect_rec(&out[0], 300);
    expect_rec(&out[1], 999);

    /* Polling while provisional records wait leaves them provisional, in place, wrapped. */
    push_ids(&q, 400, 403);
    queue_commit(&q);
    push_ids(&q, 500, 502);
    assert_int_equal(queue_poll(&q, out, 2), 2);
    expect_rec(&out[0], 400);
    expect_rec(&out[1], 401);
    assert_int_equal(queue_provisional_count(&q), 2);
    expect_rec(queue_provisional(&q, 0), 500);
    expect_rec(queue_provisional(&q, 1), 501);
    push_ids(&q, 600, 602); /* wraps */
    assert_int_equal(queue_free(&q), 0);
    queue_rollback(&q);
    assert_int_equal(queue_free(&q), CAP - 1);
    assert_int_equal(queue_poll(&q, out, CAP), 1);
    expect_rec(&out[0], 402);

    /* Clear empties everything, committed or not. */
    push_ids(&q, 700, 702);
    queue_commit(&q);
    push_ids(&q, 800, 801);
    queue_clear(&q);
    assert_int_equal(queue_free(&q), CAP);
    assert_int_equal(queue_provisional_count(&q), 0);
    assert_int_equal(queue_poll(&q, out, CAP), 0);
}

static void test_poll_limits(void **state)
{
    (void)state;
    rec storage[CAP], out[CAP + 1];
    queue q;
    queue_setup(&q, storage, sizeof(rec), CAP);
    push_ids(&q, 0, 4);
    queue_commit(&q);

    /* cap 0 copies nothing and removes nothing (out may then be NULL). */
    assert_int_equal(queue_poll(&q, NULL, 0), 0);
    assert_int_equal(q.committed, 4);

    /* Never more than cap records are written: the entry after them stays untouched. */
    out[1] = make_rec(0xBEEF);
    assert_int_equal(queue_poll(&q, out, 1), 1);
    expect_rec(&out[0], 0);
    expect_rec(&out[1], 0xBEEF);
    assert_int_equal(q.committed, 3);

    /* A cap larger than what is waiting returns what is waiting. */
    out[3] = make_rec(0xBEEF);
    assert_int_equal(queue_poll(&q, out, CAP + 1), 3);
    for (uint32_t i = 0; i < 3; i++)
        expect_rec(&out[i], 1 + i);
    expect_rec(&out[3], 0xBEEF);
    assert_int_equal(queue_free(&q), CAP);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifo_order),
        cmocka_unit_test(test_wrap_around),
        cmocka_unit_test(test_commit_rollback),
        cmocka_unit_test(test_poll_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
