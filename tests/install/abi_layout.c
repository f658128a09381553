/* The ABI calfpump.h promises, pinned: status and enum values never change (calfpump.h says so),
 * and on LP64 x86-64 and AArch64 the size of every public struct and the offset of every field.
 * Output records are arrays the caller allocates and the library fills, and calfpump_config is
 * read up to its struct_size: changing any of these without a new SONAME breaks applications
 * built against an earlier header. New config fields are appended (a larger sizeof and a new
 * CALFPUMP_CONFIG_VERSION), with a new pin here; nothing else moves.
 * consumers.sh compiles this file alone against the installed header as C89 to C17 and C++98 to
 * C++20 with -Wall -Wextra -Wpedantic -Werror; it includes the header twice (include guard). */
#include <calfpump.h>
#include <calfpump.h>
#include <stddef.h>

/* A compile-time assertion that C89 and C++98 accept: a negative array size when it fails. */
#define CALFPUMP_PIN_CAT2(a, b) a##b
#define CALFPUMP_PIN_CAT(a, b) CALFPUMP_PIN_CAT2(a, b)
#define PIN(cond) typedef char CALFPUMP_PIN_CAT(calfpump_pin_, __LINE__)[(cond) ? 1 : -1]
#define PIN_SIZE(type, size) PIN(sizeof(type) == (size))
#define PIN_AT(type, field, offset) PIN(offsetof(type, field) == (offset))

PIN(CALFPUMP_CONFIG_VERSION == 4);

PIN(CALFPUMP_OK == 0);
PIN(CALFPUMP_MORE == 1);
PIN(CALFPUMP_E_NULL == -1);
PIN(CALFPUMP_E_ARG == -2);
PIN(CALFPUMP_E_RATE == -3);
PIN(CALFPUMP_E_CHANNELS == -4);
PIN(CALFPUMP_E_NOMEM == -5);
PIN(CALFPUMP_E_QUEUE_FULL == -6);
PIN(CALFPUMP_E_STATE == -7);
PIN(CALFPUMP_E_VERSION == -8);
PIN(CALFPUMP_E_UNSUPPORTED == -9);
PIN(CALFPUMP_E_TIME == -10);
PIN(CALFPUMP_E_FFT == -11);
PIN(CALFPUMP_SIGNAL_ACCEL == 0);
PIN(CALFPUMP_SIGNAL_EMG == 1);
PIN(CALFPUMP_PLACEMENT_UNKNOWN == 0);
PIN(CALFPUMP_PLACEMENT_FOOT == 1);
PIN(CALFPUMP_PLACEMENT_SHANK == 2);
PIN(CALFPUMP_PLACEMENT_THIGH == 3);
PIN(CALFPUMP_PLACEMENT_LOWER_BACK == 4);
PIN(CALFPUMP_PLACEMENT_WRIST == 5);
PIN(CALFPUMP_PLACEMENT_POCKET_FRONT == 6);
PIN(CALFPUMP_PLACEMENT_POCKET_BACK == 7);
PIN(CALFPUMP_PLACEMENT_HAND == 8);
PIN(CALFPUMP_PLACEMENT_ARMBAND == 9);
PIN(CALFPUMP_PLACEMENT_BAG == 10);
PIN(CALFPUMP_PLACEMENT_NECK == 11);
PIN(CALFPUMP_PLACEMENT_COUNT_ == 12);
PIN(CALFPUMP_SIDE_UNKNOWN == 0);
PIN(CALFPUMP_SIDE_LEFT == 1);
PIN(CALFPUMP_SIDE_RIGHT == 2);
PIN(CALFPUMP_KIND_STEP == 0);
PIN(CALFPUMP_KIND_STRIDE == 1);
PIN(CALFPUMP_KIND_BURST == 2);
PIN(CALFPUMP_BOUT_EXERCISE == 0);
PIN(CALFPUMP_BOUT_WALKING == 1);
PIN(CALFPUMP_BOUT_RUNNING == 2);
PIN(CALFPUMP_POSTURE_UNKNOWN == 0);
PIN(CALFPUMP_POSTURE_DEPENDENT == 1);
PIN(CALFPUMP_POSTURE_HORIZONTAL == 2);
PIN(CALFPUMP_POSTURE_ELEVATED == 3);
PIN(CALFPUMP_IMMOBILITY_ALERT == 0);
PIN(CALFPUMP_IMMOBILITY_BREAK == 1);
PIN(CALFPUMP_IMMOBILITY_END == 2);
PIN(CALFPUMP_ACTIVITY_WALKING == 0);
PIN(CALFPUMP_ACTIVITY_ANKLE_PUMPS == 1);
PIN(CALFPUMP_ACTIVITY_HEEL_RAISES == 2);
PIN(CALFPUMP_ACTIVITY_OTHER == 3);

#if defined(__LP64__) && (defined(__x86_64__) || defined(__aarch64__))
PIN_SIZE(calfpump_config, 112);
PIN_AT(calfpump_config, struct_size, 0);
PIN_AT(calfpump_config, version, 4);
PIN_AT(calfpump_config, sample_rate_hz, 8);
PIN_AT(calfpump_config, channels, 16);
PIN_AT(calfpump_config, signal, 20);
PIN_AT(calfpump_config, placement, 24);
PIN_AT(calfpump_config, side, 28);
PIN_AT(calfpump_config, band_low_hz, 32);
PIN_AT(calfpump_config, band_high_hz, 36);
PIN_AT(calfpump_config, window_s, 40);
PIN_AT(calfpump_config, hop_s, 44);
PIN_AT(calfpump_config, min_confidence, 48);
PIN_AT(calfpump_config, min_amplitude_g, 52);
PIN_AT(calfpump_config, min_bout_s, 56);
PIN_AT(calfpump_config, queue_capacity, 60);
PIN_AT(calfpump_config, emg_channel, 64);
PIN_AT(calfpump_config, emg_band_low_hz, 68);
PIN_AT(calfpump_config, emg_band_high_hz, 72);
PIN_AT(calfpump_config, emg_mains_hz, 76);
PIN_AT(calfpump_config, emg_reference, 80);
PIN_AT(calfpump_config, up_axis, 84);
PIN_AT(calfpump_config, session_min_s, 88);
PIN_AT(calfpump_config, session_min_per_min, 92);
PIN_AT(calfpump_config, immobility_s, 96);
PIN_AT(calfpump_config, elevation_min_s, 100);
PIN_AT(calfpump_config, day_offset_s, 104);
PIN_AT(calfpump_config, analytics, 108);
PIN_SIZE(calfpump_activation, 24);
PIN_AT(calfpump_activation, t, 0);
PIN_AT(calfpump_activation, period_s, 8);
PIN_AT(calfpump_activation, strength_g, 12);
PIN_AT(calfpump_activation, kind, 16);
PIN_AT(calfpump_activation, side, 20);
PIN_SIZE(calfpump_burst, 40);
PIN_AT(calfpump_burst, onset, 0);
PIN_AT(calfpump_burst, offset, 8);
PIN_AT(calfpump_burst, peak, 16);
PIN_AT(calfpump_burst, mean, 20);
PIN_AT(calfpump_burst, peak_ref, 24);
PIN_AT(calfpump_burst, mean_ref, 28);
PIN_AT(calfpump_burst, channel, 32);
PIN_AT(calfpump_burst, side, 36);
PIN_SIZE(calfpump_cadence, 32);
PIN_AT(calfpump_cadence, t, 0);
PIN_AT(calfpump_cadence, per_min, 8);
PIN_AT(calfpump_cadence, steps_per_min, 12);
PIN_AT(calfpump_cadence, confidence, 16);
PIN_AT(calfpump_cadence, amplitude_g, 20);
PIN_AT(calfpump_cadence, rhythmic, 24);
PIN_SIZE(calfpump_bout, 32);
PIN_AT(calfpump_bout, start, 0);
PIN_AT(calfpump_bout, end, 8);
PIN_AT(calfpump_bout, activations, 16);
PIN_AT(calfpump_bout, cadence_per_min, 20);
PIN_AT(calfpump_bout, steps_per_min, 24);
PIN_AT(calfpump_bout, kind, 28);
PIN_SIZE(calfpump_summary, 56);
PIN_AT(calfpump_summary, frames, 0);
PIN_AT(calfpump_summary, gap_frames, 8);
PIN_AT(calfpump_summary, activations, 16);
PIN_AT(calfpump_summary, steps, 20);
PIN_AT(calfpump_summary, bouts, 24);
PIN_AT(calfpump_summary, active_s, 32);
PIN_AT(calfpump_summary, duration_s, 40);
PIN_AT(calfpump_summary, mean_cadence_per_min, 48);
PIN_SIZE(calfpump_posture, 32);
PIN_AT(calfpump_posture, start, 0);
PIN_AT(calfpump_posture, end, 8);
PIN_AT(calfpump_posture, tilt_deg, 16);
PIN_AT(calfpump_posture, posture, 20);
PIN_AT(calfpump_posture, elevation, 24);
PIN_SIZE(calfpump_session, 32);
PIN_AT(calfpump_session, start, 0);
PIN_AT(calfpump_session, end, 8);
PIN_AT(calfpump_session, pumps, 16);
PIN_AT(calfpump_session, per_min, 20);
PIN_AT(calfpump_session, range_deg, 24);
PIN_AT(calfpump_session, target_met, 28);
PIN_SIZE(calfpump_set, 32);
PIN_AT(calfpump_set, start, 0);
PIN_AT(calfpump_set, end, 8);
PIN_AT(calfpump_set, reps, 16);
PIN_AT(calfpump_set, per_min, 20);
PIN_AT(calfpump_set, hold_s, 24);
PIN_AT(calfpump_set, range_deg, 28);
PIN_SIZE(calfpump_immobility, 32);
PIN_AT(calfpump_immobility, t, 0);
PIN_AT(calfpump_immobility, start, 8);
PIN_AT(calfpump_immobility, duration_s, 16);
PIN_AT(calfpump_immobility, alerts, 24);
PIN_AT(calfpump_immobility, kind, 28);
PIN_SIZE(calfpump_activity, 24);
PIN_AT(calfpump_activity, start, 0);
PIN_AT(calfpump_activity, end, 8);
PIN_AT(calfpump_activity, bout, 16);
PIN_AT(calfpump_activity, kind, 20);
PIN_SIZE(calfpump_day, 40);
PIN_AT(calfpump_day, day, 0);
PIN_AT(calfpump_day, covered_s, 4);
PIN_AT(calfpump_day, walking_min, 8);
PIN_AT(calfpump_day, pump_min, 12);
PIN_AT(calfpump_day, pumps, 16);
PIN_AT(calfpump_day, sessions_met, 20);
PIN_AT(calfpump_day, raises, 24);
PIN_AT(calfpump_day, sets, 28);
PIN_AT(calfpump_day, immobility_alerts, 32);
PIN_AT(calfpump_day, elevated_min, 36);
PIN_SIZE(calfpump_exercise_summary, 104);
PIN_AT(calfpump_exercise_summary, walking_min, 0);
PIN_AT(calfpump_exercise_summary, pump_min, 8);
PIN_AT(calfpump_exercise_summary, pumps, 16);
PIN_AT(calfpump_exercise_summary, sessions, 20);
PIN_AT(calfpump_exercise_summary, sessions_met, 24);
PIN_AT(calfpump_exercise_summary, raises, 28);
PIN_AT(calfpump_exercise_summary, sets, 32);
PIN_AT(calfpump_exercise_summary, immobility_alerts, 36);
PIN_AT(calfpump_exercise_summary, immobility_stretches, 40);
PIN_AT(calfpump_exercise_summary, elevation_episodes, 44);
PIN_AT(calfpump_exercise_summary, posture_min, 48);
PIN_AT(calfpump_exercise_summary, days, 80);
PIN_AT(calfpump_exercise_summary, walking_min_per_week, 88);
PIN_AT(calfpump_exercise_summary, walking_target_met, 96);
PIN_AT(calfpump_exercise_summary, decision_latency_s, 100);
#endif

int calfpump_abi_layout_pinned(void);
int calfpump_abi_layout_pinned(void) { return CALFPUMP_VERSION_NUMBER; }
