using Microsoft.Extensions.DependencyInjection;

namespace DiracX.AppHost;

/// <summary>A PostgreSQL server run from the machine's binaries, with the connection string of its one database.</summary>
public sealed class LocalPostgresResource(string name, string command, string workingDirectory, string database)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The server's TCP endpoint (DCP gives postgres its port in PGPORT).</summary>
    public EndpointReference Endpoint => new(this, "tcp");

    /// <inheritdoc />
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Database={database}");
}

/// <summary>Adds a local PostgreSQL (local mode): an idempotent initdb step, then the server.</summary>
public static class LocalPostgres
{
    /// <summary>The initdb of the configured <c>Infra:PostgresBin</c>; an unusable folder is an error naming the setting.</summary>
    private static string ConfiguredInitdb(string configured)
    {
        var initdb = Path.Combine(configured, "initdb");
        return File.Exists(initdb) && File.Exists(Path.Combine(configured, "postgres")) ? initdb : throw new InvalidOperationException(
            $"Infra:PostgresBin is '{configured}', but {initdb} or {Path.Combine(configured, "postgres")} does not exist: set Infra:PostgresBin " +
            "to the bin folder of PostgreSQL 15 (e.g. /usr/lib/postgresql/15/bin), or remove it to use the newest under /usr/lib/postgresql.");
    }

    /// <summary>
    /// Adds <paramref name="name"/> (the server) and <c>&lt;name&gt;-init</c> (initdb + CREATE DATABASE on the first run);
    /// the cluster lives in <paramref name="dataRoot"/> and survives restarts. Trust authentication and fsync=off: a
    /// development server only.
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource> AddLocalPostgres(this IDistributedApplicationBuilder builder,
        string name, string database, string dataRoot)
    {
        var configured = builder.Configuration["Infra:PostgresBin"];
        var folders = LocalBinaries.PostgresFolders(configured);
        const string Install = "Install PostgreSQL 15 (apt-get install postgresql-15) or set Infra:PostgresBin to its bin folder.";
        var initdb = configured is not null
            ? ConfiguredInitdb(configured)
            : LocalBinaries.Require("initdb", "PostgreSQL's cluster set-up", Install, folders);
        var postgres = Path.Combine(Path.GetDirectoryName(initdb)!, "postgres");
        if (!File.Exists(postgres))
        {
            postgres = LocalBinaries.Require("postgres", "the PostgreSQL server", Install, folders);
        }

        var dataDir = Path.Combine(dataRoot, "data");
        var socketDir = Path.Combine(dataRoot, "socket");
        Directory.CreateDirectory(socketDir);
        if (LocalBinaries.IsRoot)
        {
            using var chown = System.Diagnostics.Process.Start("chown", ["-R", "postgres:postgres", dataRoot])!;
            chown.WaitForExit();
        }
        var script = $$"""
            set -e
            if [ ! -s "{{dataDir}}/PG_VERSION" ]; then
              "{{initdb}}" -D "{{dataDir}}" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
              echo "CREATE DATABASE {{database}};" | "{{postgres}}" --single -D "{{dataDir}}" postgres >/dev/null
              echo "created the cluster {{dataDir}} with database {{database}}"
            else
              echo "reusing the cluster {{dataDir}}"
            fi
            """;
        var (shell, shellPrefix) = LocalBinaries.AsPostgresUser("/bin/sh");
        var init = builder.AddExecutable($"{name}-init", shell, dataRoot, [.. shellPrefix, "-c", script]);

        var (command, prefix) = LocalBinaries.AsPostgresUser(postgres);
        var resource = new LocalPostgresResource(name, command, dataRoot, database);
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, ct) =>
            connectionString = await resource.ConnectionStringExpression.GetValueAsync(ct));
        var check = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(_ => connectionString ?? throw new InvalidOperationException($"{name} has no connection string yet"),
            name: check);

        return builder.AddResource(resource)
            .WithArgs([.. prefix, "-D", dataDir, "-k", socketDir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "jit=off"])
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PGPORT")
            .WithHealthCheck(check)
            .WaitForCompletion(init);
    }
}
