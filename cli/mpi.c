/* cli/mpi.c - cli/mpi.h with MPI (compiled only when CMake finds MPI). */
#include "cli/mpi.h"

#include <mpi.h>

gboolean cli_mpi_available(void)
{
    return TRUE;
}

gboolean cli_mpi_init(int *argc, char ***argv, guint *rank, guint *size, GError **error)
{
    int r = 0, n = 0;
    if (MPI_Init(argc, argv) != MPI_SUCCESS) {
        g_set_error(error, g_quark_from_static_string("cli-mpi-error"), 1, "--mpi: MPI_Init failed");
        return FALSE;
    }
    /* a failing call ends the job (the default handler), as a dead rank does */
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    *rank = (guint)r;
    *size = (guint)n;
    return TRUE;
}

int cli_mpi_max(int status)
{
    int all = status;
    MPI_Allreduce(&status, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all;
}

void cli_mpi_abort(int status)
{
    MPI_Abort(MPI_COMM_WORLD, status);
}

void cli_mpi_finalize(void)
{
    MPI_Finalize();
}
