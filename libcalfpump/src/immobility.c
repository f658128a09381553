#include "immobility.h"

void immobility_setup(immobility *m, double threshold, double latency, queue *records)
{
    m->threshold = threshold;
    m->latency = latency;
    m->records = records;
}

void immobility_reset(immobility *m)
{
    m->last = 0.0;
    m->alerts = 0;
    m->pending = 0;
    m->total_alerts = m->stretches = 0;
}

static void report(immobility *m, double t, int gap)
{
    if (t <= m->last)
        return;
    if (!m->pending) {
        m->pending = 1;
        m->pend_min = m->pend_max = t;
        m->pend_gap = gap;
    } else if (t < m->pend_min) {
        m->pend_min = t;
        m->pend_gap = gap;
    } else if (t > m->pend_max) {
        m->pend_max = t;
    }
}

void immobility_activity(immobility *m, double t)
{
    report(m, t, 0);
}

void immobility_gap(immobility *m, double start, double t)
{
    report(m, start, 1);
    report(m, t, 0);
}

static void push(immobility *m, double t, int kind)
{
    calfpump_immobility rec = {
        .t = t, .start = m->last, .duration_s = t - m->last, .alerts = m->alerts, .kind = kind,
    };
    queue_push(m->records, &rec);
    queue_commit(m->records);
}

/* Everything up to the horizon: alerts before the next activity, then that activity. */
static void decide(immobility *m, double horizon, size_t room)
{
    while (room > 0) {
        const double alert = m->last + (m->alerts + 1) * m->threshold;
        if (m->pending && m->pend_min <= horizon && m->pend_min <= alert) {
            if (m->alerts > 0) {
                push(m, m->pend_min,
                     m->pend_gap ? CALFPUMP_IMMOBILITY_END : CALFPUMP_IMMOBILITY_BREAK);
                room--;
                m->stretches++;
            }
            m->last = m->pend_max;
            m->alerts = 0;
            m->pending = 0;
        } else if (alert <= horizon) {
            m->alerts++;
            m->total_alerts++;
            push(m, alert, CALFPUMP_IMMOBILITY_ALERT);
            room--;
        } else {
            return;
        }
    }
}

void immobility_hop(immobility *m, double now, size_t room)
{
    decide(m, now - m->latency, room);
}

void immobility_finish(immobility *m, double end, size_t room)
{
    decide(m, end, room);
    if (room > 0 && m->alerts > 0 && !m->pending) {
        m->stretches++;
        push(m, end, CALFPUMP_IMMOBILITY_END);
        m->alerts = 0;
    }
}
