/* The recordings of batch's PATH arguments: files as given, folders searched recursively for
 * names matching --include, glob patterns expanded (for lists too long for a shell's command
 * line). A path that names nothing is kept, so that its row reports why. */
#define _GNU_SOURCE /* FNM_CASEFOLD */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"

typedef struct path_list {
    char **paths;
    size_t n, cap;
} path_list;

static int add_path(path_list *l, const char *path)
{
    char **paths = grow_array(l->paths, &l->cap, l->n + 1, sizeof *paths);
    if (!paths)
        return EXIT_DATA;
    l->paths = paths;
    if (!(paths[l->n] = strdup(path))) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    l->n++;
    return 0;
}

/* name matches one of the comma-separated patterns (spaces around them ignored), in any case:
 * FAT-formatted loggers' SD cards write LOG00001.CSV. */
static int included(const char *name, const char *patterns)
{
    char pattern[BATCH_PATTERN_MAX + 1]; /* longer ones were refused with the options */
    for (const char *p = patterns; *p;) {
        size_t len;
        const char *start = next_item(&p, &len);
        memcpy(pattern, start, len);
        pattern[len] = '\0';
        if (fnmatch(pattern, name, FNM_CASEFOLD) == 0)
            return 1;
    }
    return 0;
}

/* A folder being searched and the folders it is in, by device and inode: a symlink to one of
 * them would be searched forever. */
typedef struct ancestor {
    dev_t dev;
    ino_t ino;
    const struct ancestor *up;
} ancestor;

static int is_ancestor(const ancestor *a, const struct stat *st)
{
    for (; a; a = a->up)
        if (a->dev == st->st_dev && a->ino == st->st_ino)
            return 1;
    return 0;
}

/* The --include files of folder (whose stat is st) and of its folders, hidden ones (an output
 * folder's .parts) left out. Symlinks are followed (git-annex and DataLad datasets are made of
 * them); what is not a regular file (a FIFO would block the reader) is left out with a
 * warning. 0, or EXIT_DATA when out of memory or the folder PATH itself cannot be read. */
static int walk(path_list *l, const char *folder, const struct stat *st, const char *include,
                const ancestor *up)
{
    ancestor here = {st->st_dev, st->st_ino, up};
    DIR *dir = opendir(folder);
    if (!dir && !up) {
        cli_error("cannot search the folder '%s': %s", folder, strerror(errno));
        return EXIT_DATA;
    }
    if (!dir) {
        cli_warning("cannot search the folder '%s': %s", folder, strerror(errno));
        return 0;
    }
    int status = 0;
    for (struct dirent *e; status == 0 && (e = readdir(dir));) {
        if (e->d_name[0] == '.') /* hidden, and . and .. */
            continue;
        size_t size = strlen(folder) + strlen(e->d_name) + 2;
        char *path = malloc(size);
        if (!path) {
            cli_error("out of memory");
            status = EXIT_DATA;
            break;
        }
        /* "DIR/" given: "DIR/a.csv", as the name is shown */
        snprintf(path, size, "%s%s%s", folder, folder[strlen(folder) - 1] == '/' ? "" : "/",
                 e->d_name);
        struct stat target;
        int found = stat(path, &target) == 0; /* through symlinks */
        int err = errno;
        if (found && S_ISDIR(target.st_mode) && is_ancestor(&here, &target))
            cli_warning("'%s' links to a folder it is in: not searched again", path);
        else if (found && S_ISDIR(target.st_mode))
            status = walk(l, path, &target, include, &here);
        else if (!included(e->d_name, include))
            ;
        else if (found && S_ISREG(target.st_mode))
            status = add_path(l, path);
        else
            cli_warning("'%s' left out: %s", path,
                        found           ? "not a regular file (a pipe, socket or device)"
                        : err == ENOENT ? "a link to nothing (git-annex content not fetched?)"
                                        : strerror(err));
        free(path);
    }
    closedir(dir);
    return status;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder's recordings, sorted by path so that the table's order does not depend on the file
 * system. */
static int add_folder(path_list *l, const char *folder, const struct stat *st,
                      const char *include)
{
    size_t first = l->n;
    int status = walk(l, folder, st, include, NULL);
    if (l->n > first)
        qsort(l->paths + first, l->n - first, sizeof *l->paths, compare_paths);
    else if (!status)
        cli_warning("no file in the folder '%s' matches '%s'", folder, include);
    return status;
}

static int add_argument(path_list *l, const char *arg, const char *include)
{
    struct stat st;
    if (stat(arg, &st) == 0)
        return S_ISDIR(st.st_mode) ? add_folder(l, arg, &st, include) : add_path(l, arg);
    if (strpbrk(arg, "*?[")) {
        glob_t g;
        int found = glob(arg, 0, NULL, &g);
        int status = found == 0 ? 0 : found == GLOB_NOMATCH ? add_path(l, arg) : EXIT_DATA;
        if (found == GLOB_NOSPACE || found == GLOB_ABORTED)
            cli_error("cannot expand '%s'", arg);
        for (size_t i = 0; found == 0 && status == 0 && i < g.gl_pathc; i++)
            status = stat(g.gl_pathv[i], &st) == 0 && S_ISDIR(st.st_mode)
                         ? add_folder(l, g.gl_pathv[i], &st, include)
                         : add_path(l, g.gl_pathv[i]);
        if (found == 0)
            globfree(&g);
        return status;
    }
    return add_path(l, arg);
}

void paths_free(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

/* A path's canonical name (itself when it names nothing), for finding a file named twice. */
typedef struct named {
    char *canonical; /* realpath's, or the path itself when it names nothing */
    size_t at;
    int repeat;
} named;

static int compare_named(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->canonical, y->canonical);
    return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* A batch's output folder: this run's (skip_real, made before the PATHs are expanded) or one
 * holding a .parts folder (an earlier run's). */
static int output_folder(const char *dir, const char *skip_real)
{
    if (skip_real && strcmp(dir, skip_real) == 0)
        return 1;
    size_t size = strlen(dir) + sizeof "/" PARTS_DIR;
    char *parts = malloc(size);
    struct stat st;
    int is = 0;
    if (parts) {
        snprintf(parts, size, "%s/%s", dir, PARTS_DIR);
        is = stat(parts, &st) == 0 && S_ISDIR(st.st_mode);
    }
    free(parts);
    return is;
}

/* real (a canonical path) is a batch's output: an output folder's summary.csv or summary.jsonl,
 * or a file of its json/ or .parts/. Only these: an output folder may hold recordings too. */
static int batch_output(const char *real, const char *skip_real)
{
    char *dir = strdup(real);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    int is = 0;
    if (slash) {
        *slash = '\0';
        if (strcmp(slash + 1, TABLE_CSV) == 0 || strcmp(slash + 1, TABLE_JSONL) == 0) {
            is = output_folder(dir, skip_real);
        } else if ((slash = strrchr(dir, '/')) &&
                   (strcmp(slash + 1, JSON_DIR) == 0 || strcmp(slash + 1, PARTS_DIR) == 0)) {
            *slash = '\0';
            is = output_folder(dir, skip_real);
        }
    }
    free(dir);
    return is;
}

/* Drops the later mentions of a file named twice (by two patterns, or a folder and a file in
 * it, or as "a.csv" and "./a.csv"), keeping the order of the first ones, and the outputs of
 * this batch (its -o folder is `skip`) and of earlier ones: a summary.csv read as a recording
 * is an error row. */
static int drop_repeats(path_list *l, const char *skip)
{
    char *skip_real = realpath(skip, NULL);
    named *by_name = calloc(l->n ? l->n : 1, sizeof *by_name);
    if (!by_name) {
        cli_error("out of memory");
        return EXIT_DATA;
    }
    for (size_t i = 0; i < l->n; i++) {
        char *real = realpath(l->paths[i], NULL);
        by_name[i] = (named){real ? real : l->paths[i], i, 0};
    }
    qsort(by_name, l->n, sizeof *by_name, compare_named);
    for (size_t i = 0; i < l->n; i++) {
        const char *c = by_name[i].canonical;
        by_name[i].repeat = (i > 0 && strcmp(c, by_name[i - 1].canonical) == 0) ||
                            (c != l->paths[by_name[i].at] && /* it names a file */
                             batch_output(c, skip_real));
    }
    free(skip_real);
    for (size_t i = 0; i < l->n; i++) {
        named *m = &by_name[i];
        if (m->canonical != l->paths[m->at])
            free(m->canonical);
        if (m->repeat) {
            free(l->paths[m->at]);
            l->paths[m->at] = NULL;
        }
    }
    free(by_name);
    size_t kept = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->paths[i])
            l->paths[kept++] = l->paths[i];
    l->n = kept;
    return 0;
}

int expand_paths(char **args, int n_args, const char *include, const char *skip, char ***paths,
                 size_t *n)
{
    path_list l = {0};
    int status = 0;
    for (int i = 0; status == 0 && i < n_args; i++)
        status = add_argument(&l, args[i], include);
    if (status == 0)
        status = drop_repeats(&l, skip);
    if (status) {
        paths_free(l.paths, l.n);
        return status;
    }
    *paths = l.paths;
    *n = l.n;
    return 0;
}
