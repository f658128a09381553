/* The plain-text outputs: the per-window cadence table (--csv) and a summary for people
 * (--summary). Times are on the input's clock, as in the JSON. */
#include "cli.h"

void write_cadence_csv(FILE *out, const analysis *a)
{
    size_t n;
    const calfpump_cadence *c = calfpump_result_cadence(a->result, &n);
    /* the JSON's names: per_min is steps per minute (a leg sensor's strides: half of it) */
    fputs("t,per_min,activations_per_min,confidence,amplitude_g,rhythmic\n", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%.4f,%.2f,%.2f,%.3f,%.4f,%d\n", c[i].t + a->rec->t0, c[i].steps_per_min,
                c[i].per_min, c[i].confidence, c[i].amplitude_g, c[i].rhythmic != 0);
}

void write_summary(FILE *out, const analysis *a)
{
    const recording *rec = a->rec;
    const calfpump_summary *s = calfpump_result_summary(a->result);
    size_t n_act, n_bouts;
    const calfpump_activation *act = calfpump_result_activations(a->result, &n_act);
    const calfpump_bout *b = calfpump_result_bouts(a->result, &n_bouts);
    const char *kind = n_act ? calfpump_kind_name(act[0].kind) : NULL;

    fprintf(out, "file         %s\n", a->file);
    fprintf(out, "analysis     %s, placement %s, side %s (libcalfpump %s)\n", a->signal,
            a->placement, a->side, calfpump_version());
    fprintf(out, "channels    ");
    for (int k = 0; k < rec->channels; k++)
        fprintf(out, " %s", rec->channel_names[k]);
    fprintf(out, " at %.6g Hz\n", rec->rate_hz);
    fprintf(out, "duration     %.2f s from t = %.4f s, %llu gap frames\n", s->duration_s, rec->t0,
            (unsigned long long)s->gap_frames);
    fprintf(out, "activations  %lu (kind: %s)\n", (unsigned long)s->activations,
            kind ? kind : "-");
    fprintf(out, "steps        %lu (both legs)\n", (unsigned long)s->steps);
    fprintf(out, "active       %.1f s in %lu bout(s), mean cadence %.1f steps/min\n",
            s->active_s, (unsigned long)s->bouts, s->mean_cadence_per_min);
    for (size_t i = 0; i < n_bouts; i++) {
        const char *bkind = calfpump_bout_kind_name(b[i].kind);
        fprintf(out, "  %10.2f - %10.2f s  %-8s  %5lu activations  %6.1f steps/min\n",
                b[i].start + rec->t0, b[i].end + rec->t0, bkind ? bkind : "?",
                (unsigned long)b[i].activations, b[i].steps_per_min);
    }
}
