#include "posture.h"

#include <math.h>


void posture_setup(posture *p, const calfpump_config *c, double fs, queue *records)
{
    const int axis = c->up_axis < 0 ? -c->up_axis : c->up_axis;
    p->tilt_known = c->signal == CALFPUMP_SIGNAL_ACCEL && c->channels == 3 && axis >= 1 &&
                    axis <= 3;
    p->classes = p->tilt_known && (c->placement == CALFPUMP_PLACEMENT_SHANK ||
                                   c->placement == CALFPUMP_PLACEMENT_THIGH);
    p->up[0] = p->up[1] = p->up[2] = 0.0f;
    if (p->tilt_known)
        p->up[axis - 1] = c->up_axis < 0 ? -1.0f : 1.0f;
    p->alpha = (float)(1.0 - exp(-1.0 / (POSTURE_TAU_S * fs)));
    p->threshold_cos[0] = (float)cos(POSTURE_DEPENDENT_DEG / DEG_PER_RAD);
    p->threshold_cos[1] = (float)cos(POSTURE_ELEVATED_DEG / DEG_PER_RAD);
    p->elevation_min_s = c->elevation_min_s;
    p->records = records;
}

void posture_reset(posture *p)
{
    p->primed = 0;
    p->raw_cos = NAN;
    for (int k = 0; k < 2; k++)
        p->up_at[k] = p->down_at[k] = -1.0;
    p->tilt = NAN;
    p->cls = CALFPUMP_POSTURE_UNKNOWN;
    p->start = p->last_t = p->tilt_sum = 0.0;
    p->tilt_n = 0;
    p->cand = 0;
    for (int i = 0; i < 4; i++)
        p->seconds[i] = 0.0;
    p->elevation_episodes = 0;
}

float posture_tilt_deg(const float g[3], const float up[3])
{
    const float n = sqrtf(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
    if (!(n > 0.0f))
        return NAN;
    float c = (g[0] * up[0] + g[1] * up[1] + g[2] * up[2]) / n;
    c = c > 1.0f ? 1.0f : c < -1.0f ? -1.0f : c;
    return (float)(acos(c) * DEG_PER_RAD);
}

void posture_sample(posture *p, double t, const float axis[3])
{
    if (!p->classes)
        return;
    for (int i = 0; i < 3; i++)
        p->g[i] = p->primed ? p->g[i] + p->alpha * (axis[i] - p->g[i]) : axis[i];
    p->primed = 1;
    /* The unfiltered tilt's threshold crossings, for the episodes' times (no acos per sample:
     * the cosine falls as the tilt rises). */
    const float n = sqrtf(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
    if (!(n > 0.0f))
        return;
    const float c = (axis[0] * p->up[0] + axis[1] * p->up[1] + axis[2] * p->up[2]) / n;
    for (int k = 0; p->raw_cos == p->raw_cos && k < 2; k++) {
        const int was = p->raw_cos < p->threshold_cos[k], is = c < p->threshold_cos[k];
        if (is && !was)
            p->up_at[k] = t;
        else if (was && !is)
            p->down_at[k] = t;
    }
    p->raw_cos = c;
}

static int class_of(float tilt)
{
    if (!(tilt == tilt))
        return CALFPUMP_POSTURE_UNKNOWN;
    return tilt < POSTURE_DEPENDENT_DEG  ? CALFPUMP_POSTURE_DEPENDENT
           : tilt < POSTURE_ELEVATED_DEG ? CALFPUMP_POSTURE_HORIZONTAL
                                         : CALFPUMP_POSTURE_ELEVATED;
}

static void close_episode(posture *p, double end)
{
    if (p->cls == CALFPUMP_POSTURE_UNKNOWN || end <= p->start)
        return;
    calfpump_posture rec = {
        .start = p->start,
        .end = end,
        .tilt_deg = p->tilt_n ? (float)(p->tilt_sum / p->tilt_n) : 0.0f,
        .posture = p->cls,
        .elevation = p->cls == CALFPUMP_POSTURE_ELEVATED &&
                     end - p->start >= p->elevation_min_s - POSTURE_SLACK_S,
    };
    p->elevation_episodes += (uint32_t)rec.elevation;
    queue_push(p->records, &rec);
    queue_commit(p->records);
}

/* The time since the last hop: its gaps' share unknown, the rest in the open class. Returns 1
 * when a long gap is going on: it ends the open episode at its start. */
static int account(posture *p, double now, double gap_share, double gap_since)
{
    const double dt = now - p->last_t;
    p->last_t = now;
    p->seconds[CALFPUMP_POSTURE_UNKNOWN] += dt * gap_share;
    p->seconds[p->cls] += dt * (1.0 - gap_share);
    if (gap_since < 0.0)
        return 0;
    close_episode(p, gap_since);
    p->cls = CALFPUMP_POSTURE_UNKNOWN;
    p->cand = 0;
    return 1;
}

void posture_hop(posture *p, double now, double gap_share, double gap_since)
{
    /* Without classes all the time is UNKNOWN: posture is not measured, not 0 minutes. */
    if (account(p, now, gap_share, gap_since) || !p->classes)
        return;
    /* The tilt is only read here: once per hop, not per sample. */
    p->tilt = p->primed ? posture_tilt_deg(p->g, p->up) : NAN;
    const int c = class_of(p->tilt);
    if (c == p->cls || c == CALFPUMP_POSTURE_UNKNOWN) {
        p->cand = 0;
    } else if (c != p->cand) {
        p->cand = c;
        p->cand_since = p->cand_at = now;
        if (p->cls != CALFPUMP_POSTURE_UNKNOWN) {
            /* The unfiltered crossing between the two classes (see posture.h). */
            const int k = c == CALFPUMP_POSTURE_ELEVATED || p->cls == CALFPUMP_POSTURE_ELEVATED;
            const double at = c > p->cls ? p->up_at[k] : p->down_at[k];
            p->cand_at = fmin(now, fmax(at, fmax(p->start, now - POSTURE_SETTLE_S)));
        }
    } else if (now - p->cand_since >= POSTURE_SETTLE_S || p->cls == CALFPUMP_POSTURE_UNKNOWN) {
        /* The time since cand_at belongs to the new class. */
        p->seconds[p->cls] -= now - p->cand_at;
        p->seconds[c] += now - p->cand_at;
        close_episode(p, p->cand_at);
        p->cls = c;
        p->start = p->cand_at;
        p->tilt_sum = 0.0;
        p->tilt_n = 0;
        p->cand = 0;
    }
    if (p->cls != CALFPUMP_POSTURE_UNKNOWN && c == p->cls) {
        p->tilt_sum += p->tilt;
        p->tilt_n++;
    }
}

void posture_finish(posture *p, double end, double gap_share, double gap_since)
{
    if (!account(p, end, gap_share, gap_since))
        close_episode(p, end);
    p->cls = CALFPUMP_POSTURE_UNKNOWN;
}
