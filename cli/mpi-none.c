/* cli/mpi-none.c - cli/mpi.h in a build without MPI: --mpi says so. */
#include "cli/mpi.h"

gboolean cli_mpi_available(void)
{
    return FALSE;
}

gboolean cli_mpi_init(int *argc, char ***argv, guint *rank, guint *size, GError **error)
{
    g_set_error(error, g_quark_from_static_string("cli-mpi-error"), 1,
                "--mpi: this hapgsim was built without MPI (install Open MPI, e.g. Debian's "
                "openmpi-bin and libopenmpi-dev, and build again; or run the shards with --shard "
                "I/K and hapgsim merge)");
    return FALSE;
}

int cli_mpi_max(int status)
{
    return status;
}

void cli_mpi_abort(int status)
{
}

void cli_mpi_finalize(void)
{
}
