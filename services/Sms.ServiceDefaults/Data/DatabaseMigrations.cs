using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Sms.ServiceDefaults.Data;

/// <summary>
/// Versioned SQL migrations of one component, embedded as <c>migrations/V0001__name.sql</c>. Applied in name order,
/// each in its own transaction, once: <c>public.schema_migrations</c> remembers what ran. An advisory lock keeps two
/// instances starting together from applying the same file twice.
/// </summary>
public sealed class DatabaseMigrations(string component, Assembly assembly)
{
    private const long AdvisoryLockKey = 0x534D_5350_4C41_5446; // "SMSPLATF"

    public string Component { get; } = component;

    public IReadOnlyList<(string Version, string Sql)> Load()
    {
        const string prefix = "migrations/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (Version: Path.GetFileNameWithoutExtension(n[prefix.Length..]), Sql: reader.ReadToEnd());
            })
            .ToList();
    }

    /// <summary>Applies what has not run yet; returns the versions applied now.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                CREATE TABLE IF NOT EXISTS public.schema_migrations (
                    component  text        NOT NULL,
                    version    text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (component, version))
                """, cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT version FROM public.schema_migrations WHERE component = @Component",
                new { Component }, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);

            var appliedNow = new List<string>();
            foreach (var (version, sql) in Load().Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO public.schema_migrations (component, version) VALUES (@Component, @version)",
                    new { Component, version }, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Component}/{Version}", Component, version);
                appliedNow.Add(version);
            }
            return appliedNow;
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey }, cancellationToken: CancellationToken.None));
        }
    }
}
