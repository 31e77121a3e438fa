using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using MassTransit.Testing;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Csat;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Csat;

/// <summary>
/// The satisfaction survey through the running service (test harness bus, real PostgreSQL), CSAT enabled: a resolve
/// asks once, the customer's score shows on the conversation, a low one reopens and flags it, and the metrics count it.
/// </summary>
public sealed class CsatApiTests : InboxServiceTest
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Inbox:Csat:Enabled"] = "true",
        ["Inbox:Csat:Text"] = "Rate us: reply 1-5",
        // Agents of other tests share the database: escalations wait in the queue rather than go to them.
        ["Inbox:Handoff:AutoAssign"] = "false",
    };

    private static readonly CancellationToken None = CancellationToken.None;

    private static DateTimeOffset UniquePast() =>
        DateTimeOffset.FromUnixTimeMilliseconds(new DateTimeOffset(2002, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() + Random.Shared.NextInt64(0, 300_000_000_000));

    /// <summary>A customer's message escalated to the inbox, assigned to <paramref name="agent"/>.</summary>
    private async Task<(Events Events, Guid Id)> EscalatedAsync(DateTimeOffset t0, string? agent)
    {
        var events = Events.ForNewCustomer();
        var inbound = events.Inbound("my parcel never came", t0);
        await Service.Projection.RecordInboundAsync(inbound, None);
        await Service.Handoff.EscalateAsync(events.Escalated(inbound), null, None);
        var id = (await Service.Queries.ListConversationsAsync(new Sms.Conversations.Http.ConversationListQuery(null, 10, null) { Search = events.Customer }, None)).Single().Id;
        if (agent is not null)
            await PostOkAsync($"/v1/conversations/{id}/assign", new { assignee = agent });
        return (events, id);
    }

    private async Task<JsonElement> PostOkAsync(string path, object? body = null)
    {
        using var response = await Client.PostAsJsonAsync(path, body ?? new { });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private List<SendSms> SurveysOf(Guid id) =>
        Service.Bus.Published.Select<SendSms>(m => m.Context.Message.Prompt is { SessionType: "csat" } p
                && p.Context.TryGetValue("conversationId", out var c) && c == id.ToString())
            .Select(m => m.Context.Message).ToList();

    /// <summary>
    /// The surveys of the conversation once <paramref name="count"/> were published (the outbox publishes them just
    /// after the resolve commits), and a further half second for any that should not come.
    /// </summary>
    private async Task<List<SendSms>> SurveysAsync(Guid id, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (SurveysOf(id).Count < count && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        await Task.Delay(500);
        return SurveysOf(id);
    }

    /// <summary>Resolves it through the API and returns its survey (the carrier accepted it at <paramref name="sentAt"/>).</summary>
    private async Task<SendSms> ResolvedAndAskedAsync(Events events, Guid id, DateTimeOffset sentAt)
    {
        var before = SurveysOf(id).Count;
        await PostOkAsync($"/v1/conversations/{id}/resolve");
        var surveys = await SurveysAsync(id, before + 1);
        Assert.That(surveys, Has.Count.EqualTo(before + 1), "one survey per resolution");
        await Service.Projection.RecordSentAsync(events.Sent(surveys[^1], sentAt), None);
        return surveys[^1];
    }

    /// <summary>The customer answers the survey with <paramref name="score"/>; the Router's ReplyClassified is delivered <paramref name="deliveries"/> times.</summary>
    private async Task AnswerAsync(Events events, SendSms survey, int score, DateTimeOffset at, int deliveries = 1, bool classifiedFirst = false)
    {
        var inbound = events.Inbound(score.ToString(System.Globalization.CultureInfo.InvariantCulture), at);
        if (!classifiedFirst)
            await Service.Projection.RecordInboundAsync(inbound, None);
        var reply = new ReplyClassified
        {
            InboundMessageId = inbound.MessageId,
            CustomerNumber = events.Customer,
            BusinessNumber = events.Business,
            PromptMessageId = survey.MessageId,
            SessionType = survey.Prompt!.SessionType,
            MatchedOption = inbound.Text,
            Action = survey.Prompt.Options[inbound.Text],
            Context = survey.Prompt.Context,
            ClassifiedAt = at.AddMilliseconds(50),
        };
        // The service's consumers on a fresh bus of their own (a harness idle for a while stops waiting), on the same database.
        await using var consumers = await ConversationsHarness.StartAsync();
        for (var i = 0; i < deliveries; i++)
            await consumers.PublishAsync(reply);
        if (classifiedFirst)
            await Service.Projection.RecordInboundAsync(inbound, None);
    }

    private Task<JsonElement> DetailAsync(Guid id) => Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}");

    [Test]
    public async Task A_good_score_classified_before_its_message_is_stored_leaves_the_conversation_resolved()
    {
        var t0 = UniquePast();
        var (events, id) = await EscalatedAsync(t0, await Service.CreateAgentAsync());
        var survey = await ResolvedAndAskedAsync(events, id, t0.AddMinutes(1));

        await AnswerAsync(events, survey, 4, t0.AddMinutes(2), classifiedFirst: true);

        var detail = (await DetailAsync(id)).GetProperty("conversation");
        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("csat").GetProperty("score").GetInt32(), Is.EqualTo(4));
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("resolved"), "whichever event came first");
        });
    }

    [Test]
    public async Task A_good_score_stored_before_its_message_and_before_the_reply_is_marked_leaves_the_conversation_resolved()
    {
        var t0 = UniquePast();
        var (events, id) = await EscalatedAsync(t0, await Service.CreateAgentAsync());
        var survey = await ResolvedAndAskedAsync(events, id, t0.AddMinutes(1));
        var inbound = events.Inbound("4", t0.AddMinutes(2));

        // The consumer of ReplyClassified stores the score first, then marks the reply; the message comes in between.
        var csat = Service.Factory.Services.GetRequiredService<CsatStore>();
        await csat.RecordAsync(new CsatAnswer(survey.MessageId, id, 4, null, inbound.MessageId, t0.AddMinutes(2)), low: false, None);
        await Service.Projection.RecordInboundAsync(inbound, None);

        var detail = (await DetailAsync(id)).GetProperty("conversation");
        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("csat").GetProperty("score").GetInt32(), Is.EqualTo(4));
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("resolved"), "the score's own message does not reopen it");
        });
    }

    [Test]
    public async Task Resolving_asks_the_customer_once_and_a_retried_resolve_does_not_ask_again()
    {
        var agent = await Service.CreateAgentAsync();
        var (events, id) = await EscalatedAsync(UniquePast(), agent);

        await PostOkAsync($"/v1/conversations/{id}/resolve");
        await PostOkAsync($"/v1/conversations/{id}/resolve");

        var survey = (await SurveysAsync(id, 1)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(survey.Text, Is.EqualTo("Rate us: reply 1-5"));
            Assert.That(survey.To, Is.EqualTo(events.Customer));
            Assert.That(survey.From, Is.EqualTo(events.Business));
            Assert.That(survey.Category, Is.EqualTo(SmsCategory.Conversational));
            Assert.That(survey.Origin, Is.EqualTo(SmsOrigin.Automation));
            Assert.That(survey.Prompt!.Options.Values, Is.EquivalentTo(new[] { "csat_1", "csat_2", "csat_3", "csat_4", "csat_5" }));
            Assert.That(survey.Prompt.Context["agent"], Is.EqualTo(agent));
        });
    }

    [Test]
    public async Task Resolving_after_a_reopen_asks_again_under_a_new_id()
    {
        var t0 = UniquePast();
        var (events, id) = await EscalatedAsync(t0, null);
        var first = await ResolvedAndAskedAsync(events, id, t0.AddMinutes(1));

        await PostOkAsync($"/v1/conversations/{id}/reopen");
        await PostOkAsync($"/v1/conversations/{id}/resolve");

        var surveys = await SurveysAsync(id, 2);
        Assert.That(surveys, Has.Count.EqualTo(2));
        Assert.That(surveys[1].MessageId, Is.Not.EqualTo(first.MessageId));
        Assert.That(surveys[1].Prompt!.Context.ContainsKey("agent"), Is.False, "resolved unassigned");
    }

    [Test]
    public async Task A_5_is_stored_once_however_often_delivered_shown_on_the_conversation_which_stays_resolved()
    {
        var t0 = UniquePast();
        var (events, id) = await EscalatedAsync(t0, await Service.CreateAgentAsync());
        var survey = await ResolvedAndAskedAsync(events, id, t0.AddMinutes(1));

        await AnswerAsync(events, survey, 5, t0.AddMinutes(2), deliveries: 2);

        var detail = (await DetailAsync(id)).GetProperty("conversation");
        using var connection = await (await ConversationsDatabase.GetAsync()).OpenConnectionAsync();
        var stored = await Dapper.SqlMapper.QueryAsync<int>(connection,
            "SELECT score FROM conversations.csat_responses WHERE conversation_id = @Id", new { Id = id });
        Assert.Multiple(() =>
        {
            Assert.That(stored, Is.EqualTo(new[] { 5 }), "one row, however often delivered");
            Assert.That(detail.GetProperty("csat").GetProperty("score").GetInt32(), Is.EqualTo(5));
            Assert.That(detail.GetProperty("csat").GetProperty("answeredAt").GetDateTimeOffset(), Is.EqualTo(t0.AddMinutes(2).AddMilliseconds(50)));
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("resolved"), "the answer alone does not reopen it");
            Assert.That(detail.GetProperty("flagged").GetBoolean(), Is.False);
        });
    }

    [Test]
    public async Task A_1_reopens_the_conversation_to_its_team_and_agent_and_flags_it()
    {
        var t0 = UniquePast();
        var agent = await Service.CreateAgentAsync();
        var (events, id) = await EscalatedAsync(t0, agent);
        var survey = await ResolvedAndAskedAsync(events, id, t0.AddMinutes(1));
        Assert.That((await DetailAsync(id)).GetProperty("conversation").GetProperty("status").GetString(), Is.EqualTo("resolved"));

        await AnswerAsync(events, survey, 1, t0.AddMinutes(2));

        var detail = (await DetailAsync(id)).GetProperty("conversation");
        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("open"));
            Assert.That(detail.GetProperty("flagged").GetBoolean(), Is.True);
            Assert.That(detail.GetProperty("csat").GetProperty("score").GetInt32(), Is.EqualTo(1));
            Assert.That(detail.GetProperty("owner").GetString(), Is.EqualTo("people"), "the automation steps back again");
            Assert.That(detail.GetProperty("team").GetString(), Is.EqualTo("support"));
            Assert.That(detail.GetProperty("assignee").GetString(), Is.EqualTo(agent));
        });
    }

    [Test]
    public async Task Metrics_give_the_average_and_response_rate_per_day_agent_and_team()
    {
        var t = UniquePast();
        var (sam, kim) = (await Service.CreateAgentAsync(), await Service.CreateAgentAsync());
        var a = await EscalatedAsync(t, sam);
        var b = await EscalatedAsync(t.AddSeconds(1), sam);
        var c = await EscalatedAsync(t.AddSeconds(2), kim);
        var surveyA = await ResolvedAndAskedAsync(a.Events, a.Id, t.AddSeconds(10));
        var surveyB = await ResolvedAndAskedAsync(b.Events, b.Id, t.AddSeconds(11));
        await ResolvedAndAskedAsync(c.Events, c.Id, t.AddSeconds(12));
        await AnswerAsync(a.Events, surveyA, 5, t.AddSeconds(20));
        await AnswerAsync(b.Events, surveyB, 2, t.AddSeconds(21));

        string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
        var metrics = await Client.GetFromJsonAsync<JsonElement>($"/v1/metrics?from={Instant(t.AddMinutes(-1))}&to={Instant(t.AddMinutes(1))}");

        var day = metrics.GetProperty("rows").EnumerateArray().Single();
        var byAgent = metrics.GetProperty("csatByAgent").EnumerateArray().ToDictionary(r => r.GetProperty("agent").GetString()!);
        var byTeam = metrics.GetProperty("csatByTeam").EnumerateArray().ToDictionary(r => r.GetProperty("team").GetString()!);
        Assert.Multiple(() =>
        {
            Assert.That(day.GetProperty("csatAverage").GetDouble(), Is.EqualTo(3.5).Within(1e-9), "(5 + 2) / 2 answered");
            Assert.That(day.GetProperty("csatResponseRate").GetDouble(), Is.EqualTo(2 / 3.0).Within(1e-9), "2 of 3 asked answered");
            Assert.That(byAgent[sam].GetProperty("asked").GetInt64(), Is.EqualTo(2));
            Assert.That(byAgent[sam].GetProperty("answered").GetInt64(), Is.EqualTo(2));
            Assert.That(byAgent[sam].GetProperty("average").GetDouble(), Is.EqualTo(3.5).Within(1e-9));
            Assert.That(byAgent[sam].GetProperty("responseRate").GetDouble(), Is.EqualTo(1.0).Within(1e-9));
            Assert.That(byAgent[kim].GetProperty("asked").GetInt64(), Is.EqualTo(1));
            Assert.That(byAgent[kim].GetProperty("average").ValueKind, Is.EqualTo(JsonValueKind.Null), "none answered");
            Assert.That(byAgent[kim].GetProperty("responseRate").GetDouble(), Is.Zero);
            Assert.That(byTeam["support"].GetProperty("asked").GetInt64(), Is.EqualTo(3), "the default team owned all three");
            Assert.That(byTeam["support"].GetProperty("average").GetDouble(), Is.EqualTo(3.5).Within(1e-9));
        });
    }
}

/// <summary>CSAT off (the default): a resolve asks nothing.</summary>
public sealed class CsatDisabledTests
{
    [Test]
    public async Task Resolving_publishes_no_survey()
    {
        await using var service = await InboxService.StartAsync();
        using var client = service.ApiKeyClient();
        var events = Events.ForNewCustomer();
        var inbound = events.Inbound("hello", DateTimeOffset.UtcNow);
        await service.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        var id = (await service.Queries.ListConversationsAsync(new Sms.Conversations.Http.ConversationListQuery(null, 10, null) { Search = events.Customer }, CancellationToken.None)).Single().Id;

        using var response = await client.PostAsJsonAsync($"/v1/conversations/{id}/resolve", new { });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await service.Queries.GetConversationAsync(id, CancellationToken.None))!.Status, Is.EqualTo("resolved"));
        await Task.Delay(TimeSpan.FromSeconds(1)); // several looks of the outbox publisher
        Assert.That(service.Bus.Published.Select<SendSms>().Any(m => m.Context.Message.To == events.Customer), Is.False);
    }
}
