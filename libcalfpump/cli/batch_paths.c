/* The recordings of batch's PATH arguments: files as given, folders searched recursively for
 * names matching --include, glob patterns expanded (for lists too long for a shell's command
 * line). A path that names nothing is kept, so that its row reports why. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <fnmatch.h>
#include <ftw.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"

typedef struct path_list {
    char **paths;
    size_t n, cap;
} path_list;

/* nftw has no context argument: the folder walk in progress (paths are expanded on one thread). */
static path_list *walk_list;
static const char *walk_include;
static size_t walk_root; /* length of the folder's own path */
static int walk_status;

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

/* name matches one of the comma-separated patterns. */
static int included(const char *name, const char *patterns)
{
    char pattern[256];
    for (const char *p = patterns; *p;) {
        size_t len = strcspn(p, ",");
        if (len < sizeof pattern) {
            memcpy(pattern, p, len);
            pattern[len] = '\0';
            if (fnmatch(pattern, name, 0) == 0)
                return 1;
        }
        p += len + (p[len] == ',');
    }
    return 0;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    /* Hidden files and folders (an output folder's .parts) are not recordings. */
    if (type == FTW_F && !strstr(path + walk_root, "/.") && path[ftw->base] != '.' &&
        included(path + ftw->base, walk_include))
        walk_status = add_path(walk_list, path);
    return walk_status;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder's recordings, sorted by path so that the table's order does not depend on the file
 * system. */
static int add_folder(path_list *l, const char *folder, const char *include)
{
    size_t first = l->n;
    walk_list = l;
    walk_include = include;
    walk_root = strlen(folder);
    walk_status = 0;
    if (nftw(folder, visit, 32, FTW_PHYS) != 0 && !walk_status) {
        cli_error("cannot search the folder '%s'", folder);
        walk_status = EXIT_DATA;
    }
    if (l->n > first)
        qsort(l->paths + first, l->n - first, sizeof *l->paths, compare_paths);
    else if (!walk_status)
        fprintf(stderr, "calfpump: warning: no file in the folder '%s' matches '%s'\n", folder,
                include);
    return walk_status;
}

static int add_argument(path_list *l, const char *arg, const char *include)
{
    struct stat st;
    if (stat(arg, &st) == 0)
        return S_ISDIR(st.st_mode) ? add_folder(l, arg, include) : add_path(l, arg);
    if (strpbrk(arg, "*?[")) {
        glob_t g;
        int found = glob(arg, 0, NULL, &g);
        int status = found == 0 ? 0 : found == GLOB_NOMATCH ? add_path(l, arg) : EXIT_DATA;
        if (found == GLOB_NOSPACE || found == GLOB_ABORTED)
            cli_error("cannot expand '%s'", arg);
        for (size_t i = 0; found == 0 && status == 0 && i < g.gl_pathc; i++)
            status = stat(g.gl_pathv[i], &st) == 0 && S_ISDIR(st.st_mode)
                         ? add_folder(l, g.gl_pathv[i], include)
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

/* Drops the later mentions of a file named twice (by two patterns, or a folder and a file in
 * it, or as "a.csv" and "./a.csv"), keeping the order of the first ones, and the files in the
 * folder `skip` (the batch's own outputs). */
static int drop_repeats(path_list *l, const char *skip)
{
    char *skip_real = realpath(skip, NULL);
    size_t skip_len = skip_real ? strlen(skip_real) : 0;
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
                            (skip_real && strncmp(c, skip_real, skip_len) == 0 &&
                             c[skip_len] == '/');
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
