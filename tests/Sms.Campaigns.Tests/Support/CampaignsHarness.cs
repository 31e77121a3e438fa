using System.Collections.Concurrent;
using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Sms.Campaigns.Background;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Support;

/// <summary>
/// The service's consumers on <see cref="ConsumerHarness"/>, registered as <c>Program</c> registers them
/// (<c>AddCampaignsServices</c>, <c>AddCampaignsConsumers</c>), over the test database, without the service's hosted
/// services (the contact backfill and the dispatcher would act on every test's rows in the shared database on their own
/// time: a test runs the dispatcher's rounds with <c>DispatchOnceAsync</c>). Campaigns and recipient rows are seeded
/// directly where a test needs them as planning and dispatch would have written them; each test makes its own campaign
/// and numbers. Compliance's side of the dry run is <see cref="FakeCompliance"/>.
/// </summary>
internal static class CampaignsHarness
{
    public static async Task<ConsumerHarness> StartAsync(ConsumerHarnessOptions? options = null)
    {
        var dataSource = await CampaignsDatabase.GetAsync();
        return await ConsumerHarness.StartAsync(
            services => services.AddSingleton(dataSource).AddCampaignsServices().RemoveAll<IHostedService>(),
            bus =>
            {
                bus.AddCampaignsConsumers();
                bus.AddConsumer<FakeCompliance>();
            },
            options);
    }

    public static Task<ConsumerHarness> StartAsync(ManualClock clock) => StartAsync(new ConsumerHarnessOptions { Clock = clock });

    extension(ConsumerHarness harness)
    {
        public NpgsqlDataSource DataSource => harness.Get<NpgsqlDataSource>();

        /// <summary>A running campaign of a text (or of <paramref name="flowName"/>), as launch would have left it.</summary>
        public async Task<Guid> AddCampaignAsync(string? flowName = null)
        {
            var id = Guid.NewGuid();
            await using var connection = await harness.DataSource.OpenConnectionAsync();
            await connection.ExecuteAsync("""
                INSERT INTO campaigns.campaigns (id, name, status, text, flow_name, created_by, created_at, updated_at)
                VALUES (@Id, 'test', 'running', @Text, @FlowName, 'test', now(), now())
                """, new { Id = id, Text = flowName is null ? "Sale today. Reply STOP to opt out" : null, FlowName = flowName });
            return id;
        }

        /// <summary>A recipient row, published at <paramref name="publishedAt"/> (null: still pending); returns its message id.</summary>
        public async Task<Guid> AddRecipientAsync(
            Guid campaignId, string number, DateTimeOffset? publishedAt, string state = "published", DateTimeOffset? sentAt = null,
            int? segments = null, DateTimeOffset? repliedAt = null, string? reason = null)
        {
            var messageId = Guid.NewGuid();
            await using var connection = await harness.DataSource.OpenConnectionAsync();
            await connection.ExecuteAsync("""
                INSERT INTO campaigns.recipients (campaign_id, number, message_id, due_at, state, reason, segments, published_at, sent_at, replied_at)
                VALUES (@CampaignId, @Number, @MessageId, COALESCE(@PublishedAt::timestamptz, now()), @State, @Reason, @Segments, @PublishedAt::timestamptz, @SentAt::timestamptz, @RepliedAt::timestamptz)
                """,
                new
                {
                    CampaignId = campaignId, Number = number, MessageId = messageId, PublishedAt = publishedAt?.UtcDateTime,
                    State = state, Reason = reason, Segments = segments, SentAt = sentAt?.UtcDateTime, RepliedAt = repliedAt?.UtcDateTime,
                });
            return messageId;
        }

        public async Task<RecipientRow> RecipientAsync(Guid campaignId, string number)
        {
            await using var connection = await harness.DataSource.OpenConnectionAsync();
            return await connection.QuerySingleAsync<RecipientRow>("""
                SELECT state AS State, reason AS Reason, segments AS Segments, country AS Country, sent_at AS SentAt,
                       delivered_at AS DeliveredAt, replied_at AS RepliedAt, matched_keyword AS MatchedKeyword,
                       matched_option AS MatchedOption, opted_out_at AS OptedOutAt, handed_off_at AS HandedOffAt,
                       flow_completed_at AS FlowCompletedAt
                FROM campaigns.recipients WHERE campaign_id = @CampaignId AND number = @Number
                """, new { CampaignId = campaignId, Number = number });
        }

        public ContactProjection Contacts => harness.Get<ContactProjection>();

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

    /// <summary>The campaign's send to <paramref name="number"/>, as dispatch publishes it.</summary>
    public static SendSms Send(Guid campaignId, Guid messageId, string number) => new()
    {
        MessageId = messageId,
        To = number,
        Text = "Sale today. Reply STOP to opt out",
        Category = SmsCategory.Marketing,
        CampaignId = campaignId.ToString(),
    };

    public static SmsSent Sent(SendSms request, DateTimeOffset at, int segments = 1) => new()
    {
        Request = request,
        From = "+15550100",
        Provider = "vonage",
        ProviderMessageIds = Enumerable.Range(0, segments).Select(_ => Guid.NewGuid().ToString("N")).ToList(),
        SegmentCount = segments,
        Encoding = SmsEncoding.Gsm7,
        SentAt = at,
    };
}

/// <summary>A recipient row's results, as the tests read them back.</summary>
public sealed record RecipientRow
{
    public string State { get; init; } = "";
    public string? Reason { get; init; }
    public int? Segments { get; init; }
    public string? Country { get; init; }
    public DateTime? SentAt { get; init; }
    public DateTime? DeliveredAt { get; init; }
    public DateTime? RepliedAt { get; init; }
    public bool MatchedKeyword { get; init; }
    public string? MatchedOption { get; init; }
    public DateTime? OptedOutAt { get; init; }
    public DateTime? HandedOffAt { get; init; }
    public DateTime? FlowCompletedAt { get; init; }
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
