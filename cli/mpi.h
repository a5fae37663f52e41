/* cli/mpi.h - the little of MPI that --mpi needs.  cli/mpi.c implements it with MPI
 * (built when CMake finds MPI and HAPGSIM_MPI is on); cli/mpi-none.c says "built
 * without MPI" instead, so the program builds and runs where MPI is absent. */
#ifndef HAPGSIM_CLI_MPI_H
#define HAPGSIM_CLI_MPI_H

#include <glib.h>

/* Whether this build has MPI. */
gboolean cli_mpi_available(void);
/* MPI_Init, then this process's rank and the number of ranks.  Returns FALSE with
 * error set (without MPI: always). */
gboolean cli_mpi_init(int *argc, char ***argv, guint *rank, guint *size, GError **error);
/* The largest of every rank's `status` (a collective call: every rank must make it). */
int cli_mpi_max(int status);
/* Ends the whole job at once with `status` (a rank that cannot go on). */
void cli_mpi_abort(int status);
void cli_mpi_finalize(void);

#endif
