using Microsoft.Extensions.DependencyInjection;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Tests.Support;
using Sms.Contracts.Campaigns;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Campaigns;

/// <summary>
/// A campaign from the bus commands to its last send, on the real database: planning from a segment or from numbers,
/// local times, an idempotent launch, the dispatcher's pace, pause, resume and cancel, two dispatchers at once, and
/// the dry run's tally.
/// </summary>
public sealed class CampaignRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private ManualClock _clock = null!;
    private ConsumerHarness _harness = null!;
    private readonly List<Guid> _campaigns = [];

    [SetUp]
    public async Task StartAsync()
    {
        _clock = new ManualClock(Now);
        _harness = await CampaignsHarness.StartAsync(_clock);
        FakeCompliance.Outcomes.Clear();
    }

    [TearDown]
    public async Task StopAsync()
    {
        // Leaves no campaign of this test running for the next test's dispatch rounds.
        foreach (var id in _campaigns)
            await _harness.PublishAsync(Change(id, CampaignAction.Cancel));
        _campaigns.Clear();
        await _harness.DisposeAsync();
    }

    private ChangeCampaignState Change(Guid id, CampaignAction action) =>
        new() { CampaignId = id, Action = action, RequestedBy = "test", RequestedAt = _clock.GetUtcNow() };

    private async Task<(Guid Id, string[] Numbers)> SegmentCampaignAsync(int recipients, int pace = 10, string text = "Hi {name|there}", TimeOnly? localTime = null, string[]? zones = null)
    {
        var label = "lifecycle-" + Guid.NewGuid().ToString("N");
        var numbers = new string[recipients];
        for (var i = 0; i < recipients; i++)
        {
            numbers[i] = TestNumbers.Unique();
            await _harness.DataSource.AddContactAsync(numbers[i], [label], timeZone: zones?[i % zones.Length]);
        }
        var id = Guid.NewGuid();
        _campaigns.Add(id);
        await _harness.PublishAsync(new CreateCampaign
        {
            CampaignId = id, Name = "test", SegmentId = await _harness.SegmentAsync(label), Text = text, PacePerSecond = pace,
            LocalTime = localTime, RequestedBy = "test", RequestedAt = _clock.GetUtcNow(),
        });
        return (id, numbers);
    }

    private async Task<string> StatusAsync(Guid id) =>
        await _harness.ScalarAsync<string>("SELECT status FROM campaigns.campaigns WHERE id = @Id", new { Id = id });

    private async Task<int> CountAsync(Guid id, string state) =>
        await _harness.ScalarAsync<int>("SELECT count(*)::int FROM campaigns.recipients WHERE campaign_id = @Id AND state = @State", new { Id = id, State = state });

    private IReadOnlyList<SendSms> Sent(Guid id) =>
        _harness.Bus.Published.Select<SendSms>(p => p.Context.Message.CampaignId == id.ToString()).Select(p => p.Context.Message).ToList();

    /// <summary>Dispatch rounds a second apart until the campaign publishes nothing more.</summary>
    private async Task RoundAsync()
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        await _harness.DispatchOnceAsync();
    }

    [Test]
    public async Task A_launch_plans_one_recipient_per_contact_of_the_segment_with_a_derived_message_id_and_is_idempotent()
    {
        var (id, numbers) = await SegmentCampaignAsync(5);
        await _harness.DataSource.AddContactAsync(TestNumbers.Unique(), ["someone-else"]);

        await _harness.PublishAsync(Change(id, CampaignAction.Launch));
        var first = await _harness.QueryAsync<(string Number, Guid MessageId)>(
            "SELECT number, message_id FROM campaigns.recipients WHERE campaign_id = @Id ORDER BY number", new { Id = id });
        // A launch retried after a crash mid-planning: the campaign is back in planning and launched again.
        await _harness.QueryAsync<int>("UPDATE campaigns.campaigns SET status = 'planning' WHERE id = @Id RETURNING 1", new { Id = id });
        await _harness.PublishAsync(Change(id, CampaignAction.Launch));
        var again = await _harness.QueryAsync<(string Number, Guid MessageId)>(
            "SELECT number, message_id FROM campaigns.recipients WHERE campaign_id = @Id ORDER BY number", new { Id = id });

        Assert.Multiple(async () =>
        {
            Assert.That(first.Select(r => r.Number), Is.EqualTo(numbers.Order(StringComparer.Ordinal)));
            Assert.That(again, Is.EqualTo(first), "the same recipients with the same message ids");
            Assert.That(first.Select(r => r.MessageId).Distinct().Count(), Is.EqualTo(5));
            Assert.That(await StatusAsync(id), Is.EqualTo("running"));
            Assert.That(await CountAsync(id, "pending"), Is.EqualTo(5));
        });
    }

    [Test]
    public async Task Numbers_from_the_command_are_normalised_and_an_invalid_or_repeated_one_is_planned_never()
    {
        var a = TestNumbers.Unique();
        var b = TestNumbers.Unique();
        var id = Guid.NewGuid();
        _campaigns.Add(id);
        await _harness.PublishAsync(new CreateCampaign
        {
            CampaignId = id, Name = "numbers", Text = "Hello {first_name|friend}",
            Numbers =
            [
                new() { Number = a[1..], Attributes = new Dictionary<string, string> { ["first_name"] = "Ada" } },
                new() { Number = b },
                new() { Number = a },
                new() { Number = "not a number" },
            ],
            Launch = true, RequestedBy = "test", RequestedAt = Now,
        });
        await _harness.DispatchOnceAsync();

        var sent = Sent(id).OrderBy(s => s.To, StringComparer.Ordinal).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Select(s => s.To), Is.EquivalentTo(new[] { a, b }));
            Assert.That(sent.Single(s => s.To == a).Text, Is.EqualTo("Hello Ada"));
            Assert.That(sent.Single(s => s.To == b).Text, Is.EqualTo("Hello friend"));
            Assert.That(sent.Select(s => s.Category), Is.All.EqualTo(SmsCategory.Marketing));
        });
    }

    [Test]
    public async Task Every_send_of_a_campaign_carries_its_prompt_so_the_reply_is_classified_against_its_options()
    {
        var label = "prompt-" + Guid.NewGuid().ToString("N");
        string[] numbers = [TestNumbers.Unique(), TestNumbers.Unique()];
        foreach (var number in numbers)
            await _harness.DataSource.AddContactAsync(number, [label]);
        var prompt = new SmsPrompt
        {
            SessionType = "spring_sale",
            Options = new Dictionary<string, string> { ["YES"] = "claim_offer", ["NO"] = "decline_offer" },
            AutoResponses = new Dictionary<string, string> { ["claim_offer"] = "Your code is SPRING20." },
            TimeToLive = TimeSpan.FromHours(48),
            Context = new Dictionary<string, string> { ["offer"] = "spring20" },
            ClarifyUnrecognised = false,
        };
        var id = Guid.NewGuid();
        _campaigns.Add(id);
        await _harness.PublishAsync(new CreateCampaign
        {
            CampaignId = id, Name = "prompted", SegmentId = await _harness.SegmentAsync(label),
            Text = "Reply YES for 20% off. Reply STOP to opt out", Prompt = prompt, Launch = true, RequestedBy = "test", RequestedAt = Now,
        });

        await _harness.DispatchOnceAsync();

        var sent = Sent(id);
        Assert.Multiple(async () =>
        {
            Assert.That(await _harness.ScalarAsync<string>("SELECT prompt ->> 'sessionType' FROM campaigns.campaigns WHERE id = @Id", new { Id = id }),
                Is.EqualTo("spring_sale"), "stored with the campaign");
            Assert.That(sent.Select(s => s.To), Is.EquivalentTo(numbers));
            foreach (var send in sent)
            {
                Assert.That(send.Prompt, Is.Not.Null);
                Assert.That(send.Prompt!.SessionType, Is.EqualTo("spring_sale"));
                Assert.That(send.Prompt.Options, Is.EquivalentTo(prompt.Options));
                Assert.That(send.Prompt.AutoResponses, Is.EquivalentTo(prompt.AutoResponses));
                Assert.That(send.Prompt.TimeToLive, Is.EqualTo(TimeSpan.FromHours(48)));
                Assert.That(send.Prompt.Context, Is.EquivalentTo(prompt.Context));
                Assert.That(send.Prompt.ClarifyUnrecognised, Is.False);
            }
        });
    }

    [Test]
    public async Task A_command_whose_prompt_breaks_a_single_sends_rules_or_comes_with_a_flow_creates_nothing()
    {
        var label = "prompt-" + Guid.NewGuid().ToString("N");
        await _harness.DataSource.AddContactAsync(TestNumbers.Unique(), [label]);
        var segmentId = await _harness.SegmentAsync(label);
        var valid = new SmsPrompt { SessionType = "survey", Options = new Dictionary<string, string> { ["1"] = "great" } };
        // "yes " and "YES", not "yes" and "YES": MassTransit reads a dictionary's keys ignoring case
        // (CaseInsensitiveDictionaryJsonConverter), so a message holding both fails to deserialise and never arrives.
        var clashing = valid with { Options = new Dictionary<string, string> { ["yes "] = "a", ["YES"] = "b" } };
        var orphan = valid with { AutoResponses = new Dictionary<string, string> { ["nobody"] = "Thanks" } };
        Guid[] ids = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        _campaigns.AddRange(ids);

        await _harness.PublishAsync(new CreateCampaign
        {
            CampaignId = ids[0], Name = "clash", SegmentId = segmentId, Text = "Yes?", Prompt = clashing, RequestedBy = "test", RequestedAt = Now,
        });
        await _harness.PublishAsync(new CreateCampaign
        {
            CampaignId = ids[1], Name = "orphan", SegmentId = segmentId, Text = "Yes?", Prompt = orphan, RequestedBy = "test", RequestedAt = Now,
        });
        await _harness.PublishAsync(new CreateCampaign
        {
            CampaignId = ids[2], Name = "flow", SegmentId = segmentId, FlowName = "post_purchase_feedback", Prompt = valid,
            RequestedBy = "test", RequestedAt = Now,
        });

        Assert.That(await _harness.ScalarAsync<int>("SELECT count(*)::int FROM campaigns.campaigns WHERE id = ANY(@Ids)", new { Ids = ids }), Is.Zero);
    }

    [Test]
    public async Task A_launch_after_a_dry_run_plans_who_is_in_the_segment_then()
    {
        var (id, numbers) = await SegmentCampaignAsync(3);
        await using (var scope = _harness.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<CampaignActions>().DryRunAsync(id, CancellationToken.None);
        await _harness.QueryAsync<int>("UPDATE campaigns.contacts SET labels = '{}' WHERE number = @Number RETURNING 1", new { Number = numbers[0] });

        await _harness.PublishAsync(Change(id, CampaignAction.Launch));
        await _harness.DispatchOnceAsync();

        Assert.That(Sent(id).Select(s => s.To), Is.EquivalentTo(numbers[1..]));
    }

    [Test]
    public async Task A_dry_run_counts_the_invalid_and_repeated_numbers_planning_left_out()
    {
        var a = TestNumbers.Unique();
        var id = Guid.NewGuid();
        _campaigns.Add(id);
        await _harness.PublishAsync(new CreateCampaign
        {
            CampaignId = id, Name = "numbers", Text = "Hello",
            Numbers = [new() { Number = a }, new() { Number = a }, new() { Number = "12" }, new() { Number = TestNumbers.Unique() }],
            RequestedBy = "test", RequestedAt = Now,
        });

        await using var scope = _harness.Services.CreateAsyncScope();
        var (_, result) = await scope.ServiceProvider.GetRequiredService<CampaignActions>().DryRunAsync(id, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result!.Recipients, Is.EqualTo(2));
            Assert.That(result.Approved, Is.EqualTo(2));
            Assert.That(result.InvalidNumbers, Is.EqualTo(1));
            Assert.That(result.Duplicates, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_local_time_is_due_at_that_time_in_each_recipients_zone_on_the_first_day_it_comes()
    {
        string[] zones = ["America/New_York", "Europe/London", "Asia/Tokyo"];
        var (id, numbers) = await SegmentCampaignAsync(3, localTime: new TimeOnly(10, 0), zones: zones);

        await _harness.PublishAsync(Change(id, CampaignAction.Launch));
        var rows = (await _harness.QueryAsync<(string Number, DateTime DueAt, string TimeZone)>(
            "SELECT number, due_at, time_zone FROM campaigns.recipients WHERE campaign_id = @Id", new { Id = id })).ToList();
        var due = rows.ToDictionary(r => r.Number, r => r.DueAt);

        // 12:00 UTC is 07:00 in New York (10:00 comes today), 12:00 in London and 21:00 in Tokyo (10:00 tomorrow).
        Assert.Multiple(() =>
        {
            Assert.That(due[numbers[0]], Is.EqualTo(new DateTime(2026, 12, 6, 15, 0, 0, DateTimeKind.Utc)));
            Assert.That(due[numbers[1]], Is.EqualTo(new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc)));
            Assert.That(due[numbers[2]], Is.EqualTo(new DateTime(2026, 12, 7, 1, 0, 0, DateTimeKind.Utc)));
            Assert.That(rows.ToDictionary(r => r.Number, r => r.TimeZone), Is.EqualTo(numbers.Zip(zones).ToDictionary(p => p.First, p => p.Second)),
                "each row keeps the zone it was planned in");
        });
    }

    [Test]
    public async Task The_dispatcher_keeps_the_pace_stops_while_paused_and_sends_the_rest_after_resume()
    {
        var (id, numbers) = await SegmentCampaignAsync(25, pace: 10);
        await _harness.PublishAsync(Change(id, CampaignAction.Launch));

        await _harness.DispatchOnceAsync();
        var afterFirst = Sent(id).Count;
        await _harness.PublishAsync(Change(id, CampaignAction.Pause));
        await RoundAsync();
        await RoundAsync();
        var whilePaused = Sent(id).Count;
        await _harness.PublishAsync(Change(id, CampaignAction.Resume));
        await RoundAsync();
        var afterResume = Sent(id).Count;
        await RoundAsync();
        await RoundAsync();

        var sent = Sent(id);
        Assert.Multiple(async () =>
        {
            Assert.That(afterFirst, Is.EqualTo(10), "one round: the pace");
            Assert.That(whilePaused, Is.EqualTo(10), "nothing while paused");
            Assert.That(afterResume, Is.EqualTo(20));
            Assert.That(sent.Select(s => s.To), Is.EquivalentTo(numbers), "everyone once");
            Assert.That(sent.Select(s => s.MessageId), Is.Unique);
            Assert.That(await StatusAsync(id), Is.EqualTo("completed"));
            Assert.That(await CountAsync(id, "published"), Is.EqualTo(25));
        });
    }

    [Test]
    public async Task A_campaign_keeps_no_more_in_flight_than_its_window_so_a_slow_platform_queues_nothing_a_pause_cannot_stop()
    {
        await using var narrow = await CampaignsHarness.StartAsync(new ConsumerHarnessOptions
        {
            Clock = _clock,
            Settings = new Dictionary<string, string?> { ["Campaigns:MaxInFlight"] = "4", ["Campaigns:InFlightTimeout"] = "00:00:10" },
        });
        var (id, numbers) = await SegmentCampaignAsync(12, pace: 100);
        await _harness.PublishAsync(Change(id, CampaignAction.Launch));
        IReadOnlyList<SendSms> SentHere() => narrow.Bus.Published.Select<SendSms>(p => p.Context.Message.CampaignId == id.ToString()).Select(p => p.Context.Message).ToList();
        async Task RoundHereAsync()
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await narrow.DispatchOnceAsync();
        }

        await narrow.DispatchOnceAsync();
        var first = SentHere().Count;
        await RoundHereAsync();
        var unanswered = SentHere().Count;
        // The carrier takes two of them: two places free up.
        foreach (var send in SentHere().Take(2)) await narrow.PublishAsync(CampaignsHarness.Sent(send, _clock.GetUtcNow()));
        await RoundHereAsync();
        var afterTwoAnswers = SentHere().Count;
        // The first two unanswered are never answered: after the timeout they stop holding the campaign back (the
        // two published since are younger, and still count).
        _clock.Advance(TimeSpan.FromSeconds(8));
        await RoundHereAsync();
        var afterTimeout = SentHere().Count;

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(4), "the window, though the pace allows 100");
            Assert.That(unanswered, Is.EqualTo(4), "nothing more while all four are unanswered");
            Assert.That(afterTwoAnswers, Is.EqualTo(6), "two answered, two more published");
            Assert.That(afterTimeout, Is.EqualTo(8), "the first two unanswered timed out; the two published since still count");
            Assert.That(SentHere().Select(s => s.To), Is.Unique.And.SubsetOf(numbers));
        });
    }

    [Test]
    public async Task A_cancelled_campaign_sends_nothing_more_and_its_pending_recipients_are_cancelled()
    {
        var (id, _) = await SegmentCampaignAsync(15, pace: 10);
        await _harness.PublishAsync(Change(id, CampaignAction.Launch));
        await _harness.DispatchOnceAsync();

        await _harness.PublishAsync(Change(id, CampaignAction.Cancel));
        await RoundAsync();
        await RoundAsync();
        await _harness.PublishAsync(Change(id, CampaignAction.Resume));
        await RoundAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(Sent(id), Has.Count.EqualTo(10));
            Assert.That(await CountAsync(id, "cancelled"), Is.EqualTo(5));
            Assert.That(await StatusAsync(id), Is.EqualTo("cancelled"), "a cancelled campaign is not resumed");
        });
    }

    [Test]
    public async Task Two_dispatchers_never_publish_the_same_recipient_and_together_keep_the_pace()
    {
        var (id, numbers) = await SegmentCampaignAsync(60, pace: 20);
        await _harness.PublishAsync(Change(id, CampaignAction.Launch));
        await using var other = await CampaignsHarness.StartAsync(_clock);

        var perRound = new List<int>();
        for (var round = 0; round < 4; round++)
        {
            var before = Sent(id).Count + other.Bus.Published.Select<SendSms>(p => p.Context.Message.CampaignId == id.ToString()).Count();
            await Task.WhenAll(_harness.DispatchOnceAsync(), other.DispatchOnceAsync());
            perRound.Add(Sent(id).Count + other.Bus.Published.Select<SendSms>(p => p.Context.Message.CampaignId == id.ToString()).Count() - before);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var all = Sent(id).Concat(other.Bus.Published.Select<SendSms>(p => p.Context.Message.CampaignId == id.ToString()).Select(p => p.Context.Message)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(s => s.To), Is.EquivalentTo(numbers), "everyone once, by one of the two");
            Assert.That(perRound.Take(3), Is.All.EqualTo(20), "the pace of both together");
        });
    }

    [Test]
    public async Task A_restarted_service_carries_on_where_the_last_one_stopped()
    {
        var (id, numbers) = await SegmentCampaignAsync(15, pace: 10);
        var before = await CampaignsHarness.StartAsync(_clock);
        await before.PublishAsync(Change(id, CampaignAction.Launch));
        await before.DispatchOnceAsync();
        var sentBefore = before.Bus.Published.Select<SendSms>(p => p.Context.Message.CampaignId == id.ToString()).Select(p => p.Context.Message.To).ToList();
        await before.DisposeAsync();

        await RoundAsync();
        await RoundAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(sentBefore, Has.Count.EqualTo(10));
            Assert.That(sentBefore.Concat(Sent(id).Select(s => s.To)), Is.EquivalentTo(numbers), "the rest, and no one twice");
            Assert.That(await StatusAsync(id), Is.EqualTo("completed"));
        });
    }

    [Test]
    public async Task A_flow_campaign_starts_the_flow_for_each_recipient_with_its_message_id_as_the_run_id()
    {
        var label = "lifecycle-" + Guid.NewGuid().ToString("N");
        var number = TestNumbers.Unique();
        await _harness.DataSource.AddContactAsync(number, [label]);
        var id = Guid.NewGuid();
        _campaigns.Add(id);
        await _harness.PublishAsync(new CreateCampaign
        {
            CampaignId = id, Name = "flow", SegmentId = await _harness.SegmentAsync(label), FlowName = "post_purchase_feedback",
            Launch = true, RequestedBy = "test", RequestedAt = Now,
        });

        await _harness.DispatchOnceAsync();

        var messageId = await _harness.ScalarAsync<Guid>("SELECT message_id FROM campaigns.recipients WHERE campaign_id = @Id", new { Id = id });
        var started = _harness.Bus.Published.Select<StartFlow>(p => p.Context.Message.CampaignId == id.ToString()).Single().Context.Message;
        Assert.Multiple(() =>
        {
            Assert.That(started.FlowRunId, Is.EqualTo(messageId));
            Assert.That(started.CustomerNumber, Is.EqualTo(number));
            Assert.That(started.FlowName, Is.EqualTo("post_purchase_feedback"));
        });
    }

    [Test]
    public async Task A_dry_run_plans_without_sending_and_tallies_how_Compliance_would_decide()
    {
        var (id, numbers) = await SegmentCampaignAsync(6);
        FakeCompliance.Outcomes[numbers[0]] = new SendEvaluation { MessageId = Guid.Empty, Outcome = SendOutcome.Suppressed, Reason = SuppressionReason.OptedOut };
        FakeCompliance.Outcomes[numbers[1]] = new SendEvaluation { MessageId = Guid.Empty, Outcome = SendOutcome.Suppressed, Reason = SuppressionReason.OptedOut };
        FakeCompliance.Outcomes[numbers[2]] = new SendEvaluation { MessageId = Guid.Empty, Outcome = SendOutcome.Deferred, DeferredUntil = Now.AddHours(8) };
        FakeCompliance.Outcomes[numbers[3]] = new SendEvaluation { MessageId = Guid.Empty, Outcome = SendOutcome.Held };

        await using var scope = _harness.Services.CreateAsyncScope();
        var (outcome, result) = await scope.ServiceProvider.GetRequiredService<CampaignActions>().DryRunAsync(id, CancellationToken.None);
        await RoundAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(outcome, Is.EqualTo(ActionOutcome.Applied));
            Assert.That(result!.Recipients, Is.EqualTo(6));
            Assert.That(result.Approved, Is.EqualTo(2));
            Assert.That(result.Suppressed, Is.EqualTo(new Dictionary<string, int> { ["opted_out"] = 2 }));
            Assert.That(result.Deferred, Is.EqualTo(1));
            Assert.That(result.Held, Is.EqualTo(1));
            Assert.That(await StatusAsync(id), Is.EqualTo("draft"), "a dry run launches nothing");
            Assert.That(Sent(id), Is.Empty);
            Assert.That(await _harness.ScalarAsync<int>("SELECT (dry_run ->> 'approved')::int FROM campaigns.campaigns WHERE id = @Id", new { Id = id }), Is.EqualTo(2));
        });
    }
}
