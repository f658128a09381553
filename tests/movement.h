/*
 * Generated ankle pumps and heel raises, from the movement itself. Header only, C11; the
 * random numbers and the walking signal come from synth.h.
 *
 * No public accelerometer recordings of these exercises seem to exist, so the tests build them
 * from a kinematic model (assumptions, also in the README):
 *   - The foot is one rigid segment turning about a fixed medio-lateral axis by the angle
 *     psi(t) = base + ankle(t) (positive = toes down, plantar flexion). Ankle pumps turn it about
 *     the ankle (heel on the floor or the bed); heel raises about the metatarsal heads (toes on
 *     the floor) while the body rises.
 *   - Ankle pumps: ankle(t) is a sine between -0.35 and +0.65 of the range of motion (dorsal
 *     flexion ~35 % of the arc, plantar ~65 %, as in the normal 20 deg / 40-50 deg ranges),
 *     faded in and out over 1 s. Heel raises: per rep a raise (half a cosine), a hold at the top,
 *     a lowering and a rest on the floor; rise and lowering take
 *     min(0.5 s, (period - hold) / 3) each.
 *   - Postures: seated and standing, the foot is flat (base 0) and the shank upright; lying
 *     supine, the foot points up (base -75 deg) and the shank lies flat (tilt 90 deg).
 *   - Foot sensor frame: x to the toes, y to the side, z out of the instep (the up axis, +z).
 *     Shank sensor frame: z along the shank towards the knee (+z), x forwards.
 *   - A foot sensor reads gravity turned by psi plus the tangential and centripetal acceleration
 *     of its place r (m, foot frame) about the pivot: (alpha r_z - omega^2 r_x, 0,
 *     -alpha r_x - omega^2 r_z) / 9.81 g.
 *   - Ankle pumps do not move the shank (a shank sensor sees a 0.3 deg soft-tissue wobble only);
 *     in a heel raise the shank leans forwards by a quarter of the ankle angle and rises with the
 *     ankle, 0.15 m x sin(ankle angle) (the lever from the metatarsal heads to the ankle).
 *   - The sensor may be mounted turned about the segment's long axis (roll_deg); uniform noise
 *     of +-noise_g on every axis; stillness in the base posture outside [start_s, end_s].
 */
#ifndef CALFPUMP_TESTS_MOVEMENT_H
#define CALFPUMP_TESTS_MOVEMENT_H

#include "synth.h"

enum { MOVE_PUMPS_SEATED, MOVE_PUMPS_LYING, MOVE_HEEL_RAISES };
/* Sensor places: on the foot (instep, toes, heel) or the shank. */
enum { PLACE_INSTEP, PLACE_TOES, PLACE_HEEL, PLACE_SHANK, PLACE_COUNT };

typedef struct movement {
    double rate_hz;
    int kind;          /* MOVE_* */
    int place;         /* PLACE_* */
    double per_min;    /* pumps or raises per minute */
    double range_deg;  /* range of motion of the ankle */
    double hold_s;     /* heel raises: hold at the top */
    double start_s, end_s;
    double roll_deg;
    double noise_g;
    uint64_t seed;
} movement;

#define MOVE_DEG (M_PI / 180.0)
#define MOVE_G 9.80665

/* Ankle angle (rad) at time t. */
static inline double move_ankle(const movement *m, double t)
{
    if (t < m->start_s || t > m->end_s)
        return 0.0;
    const double period = 60.0 / m->per_min, u = t - m->start_s, range = m->range_deg * MOVE_DEG;
    if (m->kind != MOVE_HEEL_RAISES) {
        const double fade = fmin(1.0, fmin(u, m->end_s - t));
        return fade * range * (0.15 + 0.5 * sin(2.0 * M_PI * u / period - M_PI / 2.0));
    }
    const double ramp = fmin(0.5, (period - m->hold_s) / 3.0), p = fmod(u, period);
    if (p < ramp)
        return range * 0.5 * (1.0 - cos(M_PI * p / ramp));
    if (p < ramp + m->hold_s)
        return range;
    if (p < 2.0 * ramp + m->hold_s)
        return range * 0.5 * (1.0 + cos(M_PI * (p - ramp - m->hold_s) / ramp));
    return 0.0;
}

/* Where a foot sensor (PLACE_INSTEP..PLACE_HEEL) sits relative to the foot's pivot (m, foot
 * frame). */
static inline void move_lever(const movement *m, double r[3])
{
    /* From the ankle (pumps) or from the metatarsal heads (raises). */
    static const double ankle[3][3] = {{0.07, 0.0, 0.03}, {0.17, 0.0, 0.0}, {-0.05, 0.0, -0.03}};
    static const double mtp[3][3] = {{-0.10, 0.0, 0.04}, {0.03, 0.0, 0.01}, {-0.22, 0.0, -0.03}};
    const double(*table)[3] = m->kind == MOVE_HEEL_RAISES ? mtp : ankle;
    for (int i = 0; i < 3; i++)
        r[i] = table[m->place][i];
}

/* Writes n_frames frames (x, y, z, g) of the movement into x. */
static inline void move_fill(const movement *m, float *x, size_t n_frames)
{
    uint64_t state = m->seed;
    const double h = 1e-3, roll = m->roll_deg * MOVE_DEG, shank_lying = 90.0 * MOVE_DEG;
    const double base = m->kind == MOVE_PUMPS_LYING ? -75.0 * MOVE_DEG : 0.0;
    double r[3] = {0.0, 0.0, 0.0}; /* the shank's lift is modelled apart */
    if (m->place != PLACE_SHANK)
        move_lever(m, r);
    for (size_t i = 0; i < n_frames; i++) {
        const double t = (double)i / m->rate_hz;
        const double a0 = move_ankle(m, t - h), a1 = move_ankle(m, t), a2 = move_ankle(m, t + h);
        double f[3];
        if (m->place == PLACE_SHANK) {
            double psi, lift = 0.0;
            if (m->kind == MOVE_HEEL_RAISES) {
                psi = -0.25 * a1;
                lift = 0.15 * (sin(a2) - 2.0 * sin(a1) + sin(a0)) / (h * h) / MOVE_G;
            } else {
                psi = (m->kind == MOVE_PUMPS_LYING ? shank_lying : 0.0) +
                      0.3 * MOVE_DEG * sin(2.0 * M_PI * m->per_min / 60.0 * t) * (a1 != 0.0);
            }
            /* Gravity and the vertical lift, both world-vertical, in the shank frame. */
            f[0] = -sin(psi) * (1.0 + lift);
            f[1] = 0.0;
            f[2] = cos(psi) * (1.0 + lift);
        } else {
            const double psi = base + a1, w = (a2 - a0) / (2.0 * h),
                         al = (a2 - 2.0 * a1 + a0) / (h * h);
            f[0] = -sin(psi) + (al * r[2] - w * w * r[0]) / MOVE_G;
            f[1] = 0.0;
            f[2] = cos(psi) + (-al * r[0] - w * w * r[2]) / MOVE_G;
        }
        /* Mounted turned about the segment's long axis (x of the foot, z of the shank). */
        const double c = cos(roll), s = sin(roll);
        double out[3];
        if (m->place == PLACE_SHANK) {
            out[0] = c * f[0] + s * f[1];
            out[1] = -s * f[0] + c * f[1];
            out[2] = f[2];
        } else {
            out[0] = f[0];
            out[1] = c * f[1] + s * f[2];
            out[2] = -s * f[1] + c * f[2];
        }
        for (int k = 0; k < 3; k++)
            x[3 * i + k] = (float)(out[k] + m->noise_g * synth_uniform(&state));
    }
}

#endif /* CALFPUMP_TESTS_MOVEMENT_H */
