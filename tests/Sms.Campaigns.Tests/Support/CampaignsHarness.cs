using System.Collections.Concurrent;
using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Sms.Campaigns.Background;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Compliance;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Support;

/// <summary>
/// The service's consumers on <see cref="ConsumerHarness"/>, registered as <c>Program</c> registers them
/// (<c>AddCampaignsServices</c>, <c>AddCampaignsConsumers</c>), over the test database, with a test clock. The
/// dispatcher is not started as a hosted service (it would act on every test's campaigns on its own time): a test runs
/// its rounds with <see cref="DispatchOnceAsync"/>. Compliance's side of the dry run is <see cref="FakeCompliance"/>.
/// </summary>
internal static class CampaignsHarness
{
    public static async Task<ConsumerHarness> StartAsync(ManualClock clock)
    {
        var dataSource = await CampaignsDatabase.GetAsync();
        return await ConsumerHarness.StartAsync(
            services => services.AddSingleton(dataSource).AddCampaignsServices().RemoveAll<IHostedService>(),
            bus =>
            {
                bus.AddCampaignsConsumers();
                bus.AddConsumer<FakeCompliance>();
            },
            new ConsumerHarnessOptions { Clock = clock });
    }

    extension(ConsumerHarness harness)
    {
        public NpgsqlDataSource DataSource => harness.Get<NpgsqlDataSource>();

        public Task<int> DispatchOnceAsync() => harness.Get<CampaignDispatcher>().DispatchOnceAsync(CancellationToken.None);

        public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object parameters)
        {
            await using var connection = await harness.DataSource.OpenConnectionAsync();
            return (await connection.QueryAsync<T>(sql, parameters)).AsList();
        }

        public async Task<T> ScalarAsync<T>(string sql, object parameters)
        {
            await using var connection = await harness.DataSource.OpenConnectionAsync();
            return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
        }

        /// <summary>A saved segment of the contacts with <paramref name="label"/>.</summary>
        public async Task<Guid> SegmentAsync(string label)
        {
            var id = Guid.NewGuid();
            await using var connection = await harness.DataSource.OpenConnectionAsync();
            await connection.ExecuteAsync("""
                INSERT INTO campaigns.segments (id, name, definition, created_by, created_at, updated_at)
                VALUES (@Id, @Label, jsonb_build_object('labelsAll', jsonb_build_array(@Label)), 'test', now(), now())
                """, new { Id = id, Label = label });
            return id;
        }
    }
}

/// <summary>
/// Compliance's answer to a dry run, as a test sets it: each number's outcome (approved when not set), and every
/// request it was asked, to check the chunks.
/// </summary>
public sealed class FakeCompliance : IConsumer<EvaluateSends>
{
    public static readonly ConcurrentDictionary<string, SendEvaluation> Outcomes = new();
    public static readonly ConcurrentQueue<EvaluateSends> Requests = new();

    public Task Consume(ConsumeContext<EvaluateSends> context)
    {
        Requests.Enqueue(context.Message);
        return context.RespondAsync(new SendsEvaluated
        {
            Outcomes = context.Message.Sends.Select(s => Outcomes.TryGetValue(s.To, out var set)
                ? set with { MessageId = s.MessageId }
                : new SendEvaluation { MessageId = s.MessageId, Outcome = SendOutcome.Approved }).ToList(),
        });
    }
}
