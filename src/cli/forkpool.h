/* forkpool.h: independent tasks run in forked child processes, a few at a
 * time, their fixed-size results collected in task order. */
#ifndef STANCE_CLI_FORKPOOL_H
#define STANCE_CLI_FORKPOOL_H

#include <stdbool.h>
#include <stddef.h>

#include "stance.h"

/* One task: compute its result into out (size bytes, zeroed); on failure
 * fill err and return its status. */
typedef stance_status (*pool_task_fn)(size_t task, void *out, stance_error *err, void *arg);

/* Called in the parent each time a task finishes: done tasks of total. */
typedef void (*pool_done_fn)(size_t done, size_t total, void *arg);

/* Run tasks 0..ntasks-1, task t writing results + t * size.  With jobs > 1
 * each task runs in a child process of its own, at most jobs at once, so
 * that libraries with process-global state (the rand() that libsvm and
 * LIBLINEAR shuffle with) cannot mix tasks: the results do not depend on
 * jobs or on the order in which tasks finish.  jobs 1 runs them here, in
 * order.  Returns STANCE_OK, or the failure of the lowest-numbered task
 * that failed (its message in err); a child that died without a result is
 * a failure naming its signal or status. */
stance_status pool_run(size_t ntasks, size_t size, int jobs, pool_task_fn fn, void *results,
                       pool_done_fn done, void *arg, stance_error *err);

#endif
