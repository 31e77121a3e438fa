using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sms.Conversations.Data;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Conversations.Consent;
using Sms.Conversations.Tests.Support;
using Sms.Testing;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>The inbox's conversation API: list filters, detail, thread, replies, actions, contacts, canned responses.</summary>
public sealed class ConversationApiTests : InboxServiceTest
{
    // Agents of other tests share the database: conversations wait in the queue rather than go to them.
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Inbox:Handoff:AutoAssign"] = "false" };

    /// <summary>An escalated conversation: a prompt, the customer's unmatched reply, the escalation.</summary>
    private async Task<(Events Events, Guid ConversationId, SendSms Prompt, Sms.Contracts.Inbound.InboundSmsReceived Reply)> EscalatedAsync(DateTimeOffset t0)
    {
        var events = Events.ForNewCustomer();
        var prompt = events.Request("Reply YES to confirm.", from: events.Business) with
        {
            CampaignId = "spring",
            Prompt = new SmsPrompt
            {
                SessionType = "appointment_reminder",
                Options = new Dictionary<string, string> { ["YES"] = "confirm_appointment" },
                Context = new Dictionary<string, string> { ["appointmentId"] = "A-7" },
            },
        };
        var reply = events.Inbound("can I move it to Friday?", t0.AddSeconds(10));
        await Service.Projection.RecordSentAsync(events.Sent(prompt, t0), CancellationToken.None);
        await Service.Projection.RecordInboundAsync(reply, CancellationToken.None);
        await Service.Handoff.EscalateAsync(events.Escalated(reply) with { Priority = EscalationPriority.High }, null, CancellationToken.None);
        var id = (await Service.Queries.ListConversationsAsync(new Sms.Conversations.Http.ConversationListQuery(null, 10, null) { Search = events.Customer }, CancellationToken.None)).Single().Id;
        return (events, id, prompt, reply);
    }

    private static DateTimeOffset UniquePast() =>
        DateTimeOffset.FromUnixTimeMilliseconds(new DateTimeOffset(2002, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() + Random.Shared.NextInt64(0, 300_000_000_000));

    [Test]
    public async Task The_list_shows_the_inbox_fields_and_the_sla_clock_of_an_escalated_conversation()
    {
        var t0 = UniquePast();
        var (events, id, _, reply) = await EscalatedAsync(t0);

        var page = await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations?q={Uri.EscapeDataString(events.Customer)}");

        var item = page.GetProperty("items").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(item.GetProperty("id").GetGuid(), Is.EqualTo(id));
            Assert.That(item.GetProperty("status").GetString(), Is.EqualTo("waiting_on_agent"));
            Assert.That(item.GetProperty("escalationPriority").GetString(), Is.EqualTo("high"));
            Assert.That(item.GetProperty("unreadCount").GetInt32(), Is.EqualTo(1));
            Assert.That(item.GetProperty("waitingSince").GetDateTimeOffset(), Is.EqualTo(reply.ReceivedAt));
            Assert.That(item.GetProperty("lastMessagePreview").GetString(), Is.EqualTo("can I move it to Friday?"));
            Assert.That(item.GetProperty("messageCount").GetInt64(), Is.EqualTo(2));
            Assert.That(item.GetProperty("flagged").GetBoolean(), Is.False);
            Assert.That(item.GetProperty("labels").GetArrayLength(), Is.Zero);
            Assert.That(item.GetProperty("assignee").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(page.GetProperty("nextBefore").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task Filters_by_assignee_flag_label_and_text_and_pages_with_next_before()
    {
        var t0 = UniquePast();
        var agent = await Service.CreateAgentAsync();
        var a = await EscalatedAsync(t0);
        var b = await EscalatedAsync(t0.AddMilliseconds(1));
        var marker = "marker" + Guid.NewGuid().ToString("N")[..10];
        await PostOkAsync($"/v1/conversations/{a.ConversationId}/assign", new { assignee = agent });
        await PostOkAsync($"/v1/conversations/{a.ConversationId}/flag", new { flagged = true });
        await PostOkAsync($"/v1/conversations/{a.ConversationId}/labels", new { add = new[] { marker, "vip" } });
        await PostOkAsync($"/v1/conversations/{b.ConversationId}/labels", new { add = new[] { marker } });

        var byAssignee = await IdsAsync($"/v1/conversations?assignee={agent}");
        var flagged = await IdsAsync($"/v1/conversations?flagged=true&label={marker}");
        var labelled = await IdsAsync($"/v1/conversations?label={marker}");
        var unassigned = await IdsAsync($"/v1/conversations?label={marker}&assignee=none");
        var byDigits = await IdsAsync($"/v1/conversations?q={Uri.EscapeDataString(b.Events.Customer[^6..])}");
        var first = await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations?label={marker}&limit=1");
        var next = first.GetProperty("nextBefore").GetString();
        var second = await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations?label={marker}&limit=1&before={Uri.EscapeDataString(next!)}");

        Assert.Multiple(() =>
        {
            Assert.That(byAssignee, Is.EqualTo(new[] { a.ConversationId }));
            Assert.That(flagged, Is.EqualTo(new[] { a.ConversationId }));
            Assert.That(labelled, Is.EqualTo(new[] { b.ConversationId, a.ConversationId }), "newest activity first");
            Assert.That(unassigned, Is.EqualTo(new[] { b.ConversationId }));
            Assert.That(byDigits, Does.Contain(b.ConversationId), "the number's last digits");
            Assert.That(first.GetProperty("items")[0].GetProperty("id").GetGuid(), Is.EqualTo(b.ConversationId));
            Assert.That(second.GetProperty("items")[0].GetProperty("id").GetGuid(), Is.EqualTo(a.ConversationId));
        });
    }

    [Test]
    public async Task Q_finds_a_conversation_by_a_message_text_by_the_contact_name_and_by_the_number_case_insensitively()
    {
        var t0 = UniquePast();
        var a = await EscalatedAsync(t0);
        var b = await EscalatedAsync(t0.AddMilliseconds(1));
        var word = "Parcel" + Guid.NewGuid().ToString("N")[..10];
        var surname = "Hopper" + Guid.NewGuid().ToString("N")[..10];
        await Service.Projection.RecordInboundAsync(b.Events.Inbound($"my {word} has not arrived", t0.AddSeconds(30)), CancellationToken.None);
        using var named = await Client.PutAsJsonAsync($"/v1/contacts/{Uri.EscapeDataString(a.Events.Customer)}", new { name = $"Grace {surname}" });

        var byText = await IdsAsync($"/v1/conversations?q={Uri.EscapeDataString(word.ToUpperInvariant())}");
        var byName = await IdsAsync($"/v1/conversations?q={Uri.EscapeDataString("grace " + surname.ToLowerInvariant())}");
        var byNumber = await IdsAsync($"/v1/conversations?q={Uri.EscapeDataString(b.Events.Customer)}");
        var noMatch = await IdsAsync($"/v1/conversations?q={Uri.EscapeDataString("nothing-like-" + Guid.NewGuid().ToString("N"))}");
        var likeCharacters = await IdsAsync($"/v1/conversations?q={Uri.EscapeDataString(word[..6] + "%" + word[7..])}");

        Assert.That(named.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.Multiple(() =>
        {
            Assert.That(byText, Is.EqualTo(new[] { b.ConversationId }), "a word of a message, any case");
            Assert.That(byName, Is.EqualTo(new[] { a.ConversationId }), "the contact's name, any case");
            Assert.That(byNumber, Is.EqualTo(new[] { b.ConversationId }), "the whole number");
            Assert.That(noMatch, Is.Empty);
            Assert.That(likeCharacters, Is.Empty, "% is searched as itself, not as a wildcard");
        });
    }

    [Test]
    public async Task The_detail_has_the_contact_with_consent_and_the_sessions_context()
    {
        var (events, id, prompt, _) = await EscalatedAsync(UniquePast());
        await Service.Projection.RecordConsentAsync(
            ConsentChange.Of(events.OptIn("default", DateTimeOffset.UtcNow) with { Source = ConsentSource.Api }), CancellationToken.None);
        using var put = await Client.PutAsJsonAsync($"/v1/contacts/{Uri.EscapeDataString(events.Customer)}",
            new { name = "Ada Lovelace", attributes = new { tier = "gold" } });

        var detail = await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}");

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var contact = detail.GetProperty("contact");
        var session = detail.GetProperty("sessions").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("conversation").GetProperty("contactName").GetString(), Is.EqualTo("Ada Lovelace"));
            Assert.That(contact.GetProperty("number").GetString(), Is.EqualTo(events.Customer));
            Assert.That(contact.GetProperty("attributes").GetProperty("tier").GetString(), Is.EqualTo("gold"));
            Assert.That(contact.GetProperty("consent").GetProperty("state").GetString(), Is.EqualTo("opted_in"));
            Assert.That(contact.GetProperty("consent").GetProperty("source").GetString(), Is.EqualTo("api"));
            Assert.That(session.GetProperty("promptMessageId").GetGuid(), Is.EqualTo(prompt.MessageId));
            Assert.That(session.GetProperty("sessionType").GetString(), Is.EqualTo("appointment_reminder"));
            Assert.That(session.GetProperty("campaignId").GetString(), Is.EqualTo("spring"));
            Assert.That(session.GetProperty("options").GetProperty("YES").GetString(), Is.EqualTo("confirm_appointment"));
            Assert.That(session.GetProperty("context").GetProperty("appointmentId").GetString(), Is.EqualTo("A-7"));
        });
    }

    [Test]
    public async Task The_contact_has_its_consent_per_brand_and_purpose_and_consent_stays_the_newest_change()
    {
        var (events, id, _, _) = await EscalatedAsync(UniquePast());
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Service.Projection.RecordConsentAsync(ConsentChange.Of(events.OptIn("globex", t0, [ConsentPurpose.Marketing]) with { Source = ConsentSource.DoubleOptIn, Rule = "double-opt-in:Y" }), CancellationToken.None);
        await Service.Projection.RecordConsentAsync(ConsentChange.Of(events.OptOut("acme", t0.AddSeconds(5))), CancellationToken.None);

        var contact = (await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}")).GetProperty("contact");
        using var put = await Client.PutAsJsonAsync($"/v1/contacts/{Uri.EscapeDataString(events.Customer)}", new { name = "Grace" });
        var afterPut = await put.Content.ReadFromJsonAsync<JsonElement>();

        string[] Consents(JsonElement c) => [.. c.GetProperty("consents").EnumerateArray().Select(k =>
            $"{k.GetProperty("scope").GetString()} {k.GetProperty("purpose").GetString()} {k.GetProperty("state").GetString()} {k.GetProperty("source").GetString()} {k.GetProperty("rule").GetString()}")];
        Assert.Multiple(() =>
        {
            Assert.That(Consents(contact), Is.EqualTo(new[]
            {
                "acme informational opted_out keyword keyword:STOP",
                "acme marketing opted_out keyword keyword:STOP",
                "globex marketing opted_in double_opt_in double-opt-in:Y",
            }));
            Assert.That(contact.GetProperty("consents")[2].GetProperty("changedAt").GetDateTimeOffset(), Is.EqualTo(t0).Within(TimeSpan.FromMilliseconds(1)));
            Assert.That(contact.GetProperty("consent").GetProperty("state").GetString(), Is.EqualTo("opted_out"), "the newest change, whatever its brand");
            Assert.That(contact.GetProperty("consent").GetProperty("scope").GetString(), Is.EqualTo("acme"));
            Assert.That(Consents(afterPut), Is.EqualTo(Consents(contact)), "PUT /v1/contacts answers the same contact");
        });
    }

    [Test]
    public async Task A_contact_with_no_consent_recorded_has_an_empty_list_and_consent_unknown()
    {
        var (_, id, _, _) = await EscalatedAsync(UniquePast());

        var contact = (await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}")).GetProperty("contact");

        Assert.That(contact.GetProperty("consents").GetArrayLength(), Is.Zero);
        Assert.That(contact.GetProperty("consent").GetProperty("state").GetString(), Is.EqualTo("unknown"));
    }

    [Test]
    public async Task The_openapi_document_describes_the_consent_per_brand_and_purpose()
    {
        var schemas = (await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");
        var consents = schemas.GetProperty("Contact").GetProperty("properties").GetProperty("consents");
        var entry = schemas.GetProperty("ContactConsent");

        Assert.Multiple(() =>
        {
            Assert.That(consents.GetProperty("items").GetProperty("$ref").GetString(), Is.EqualTo("#/components/schemas/ContactConsent"));
            Assert.That(consents.GetProperty("description").GetString(), Does.Contain("marketing is not"));
            Assert.That(entry.GetProperty("properties").EnumerateObject().Select(p => p.Name),
                Is.EquivalentTo(new[] { "scope", "purpose", "state", "source", "rule", "changedAt" }));
            Assert.That(entry.GetProperty("properties").GetProperty("purpose").GetProperty("description").GetString(), Does.Contain("marketing"));
            Assert.That(schemas.GetProperty("Consent").GetProperty("description").GetString(), Does.Contain("whatever its brand"));
        });
    }

    [Test]
    public async Task An_agent_reply_is_published_through_compliance_and_shows_pending_until_sent()
    {
        var (events, id, _, reply) = await EscalatedAsync(UniquePast());
        var agent = await Service.CreateAgentAsync();
        using var agentClient = await Service.SignedInClientAsync(agent, "agent-password-1");

        using var response = await agentClient.PostAsJsonAsync($"/v1/conversations/{id}/replies", new { text = "Friday works, see you then." });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var messageId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid();
        var send = await Service.Bus.PublishedEventuallyAsync<SendSms>(m => m.MessageId == messageId);
        Assert.That(send, Is.Not.Null, "published from the outbox");
        var pending = await ThreadAsync(id);
        var summary = await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}");

        await Service.Projection.RecordSentAsync(events.Sent(send, DateTimeOffset.UtcNow), CancellationToken.None);
        var sent = await ThreadAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(send.Origin, Is.EqualTo(SmsOrigin.Agent));
            Assert.That(send.Category, Is.EqualTo(SmsCategory.Conversational));
            Assert.That(send.From, Is.EqualTo(events.Business));
            Assert.That(send.To, Is.EqualTo(events.Customer));
            Assert.That(send.InReplyTo, Is.EqualTo(reply.MessageId));
            Assert.That(pending[^1].GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(pending[^1].GetProperty("sentBy").GetString(), Is.EqualTo(agent));
            Assert.That(summary.GetProperty("conversation").GetProperty("waitingSince").ValueKind, Is.EqualTo(JsonValueKind.Null), "answered");
            Assert.That(sent[^1].GetProperty("status").GetString(), Is.EqualTo("sent"));
            Assert.That(sent[^1].GetProperty("sentBy").GetString(), Is.EqualTo(agent));
            Assert.That(sent[^1].GetProperty("statusTimeline").EnumerateArray().Select(s => s.GetProperty("status").GetString()),
                Is.EqualTo(new[] { "pending", "sent" }));
        });
    }

    [Test]
    public async Task An_agent_reply_is_stored_with_its_send_so_a_broker_away_at_that_moment_loses_nothing()
    {
        var (events, id, _, _) = await EscalatedAsync(UniquePast());
        var send = events.Request("Stored before it is published.", SmsOrigin.Agent, SmsCategory.Conversational, from: events.Business);

        // What the endpoint does, without the bus: the reply and its SendSms in one transaction.
        await Service.Factory.Services.GetRequiredService<AgentActions>().RecordPendingReplyAsync(id, send, "ana", DateTimeOffset.UtcNow, CancellationToken.None);

        await using var connection = await Service.Factory.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        var stored = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection,
            "SELECT count(*) FROM conversations.outbox WHERE message_type = 'SendSms' AND payload->>'messageId' = @Id",
            new { Id = send.MessageId.ToString() });
        Assert.That(stored, Is.EqualTo(1), "the SendSms waits in the outbox with the pending reply");
        Assert.That(await Service.Bus.PublishedEventuallyAsync<SendSms>(m => m.MessageId == send.MessageId), Is.Not.Null,
            "and the outbox publisher sends it on");
    }

    [Test]
    public async Task The_sla_clock_runs_from_the_oldest_unanswered_message_and_an_agent_reply_opens_the_conversation_again()
    {
        var t0 = UniquePast();
        var (events, id, _, reply) = await EscalatedAsync(t0); // the customer's first message at t0 + 10 s
        await Service.Projection.RecordInboundAsync(events.Inbound("hello? anyone?", t0.AddSeconds(20)), CancellationToken.None);
        var marker = "sla" + Guid.NewGuid().ToString("N")[..10];
        await PostOkAsync($"/v1/conversations/{id}/labels", new { add = new[] { marker } });
        var waiting = await SummaryAsync(id);
        var queuedBefore = await IdsAsync($"/v1/conversations?status=waiting_on_agent&label={marker}");

        using var answer = await Client.PostAsJsonAsync($"/v1/conversations/{id}/replies", new { text = "Yes, Friday works." });
        var answered = await SummaryAsync(id);
        var queuedAfter = await IdsAsync($"/v1/conversations?status=waiting_on_agent&label={marker}");
        var openAfter = await IdsAsync($"/v1/conversations?status=open&label={marker}");

        var later = events.Inbound("thanks, and Monday?", t0.AddSeconds(40));
        await Service.Projection.RecordInboundAsync(later, CancellationToken.None);
        var again = await SummaryAsync(id);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.Multiple(() =>
        {
            Assert.That(waiting.GetProperty("status").GetString(), Is.EqualTo("waiting_on_agent"));
            Assert.That(waiting.GetProperty("waitingSince").GetDateTimeOffset(), Is.EqualTo(reply.ReceivedAt), "the oldest unanswered message, not the latest");
            Assert.That(queuedBefore, Is.EqualTo(new[] { id }));
            Assert.That(answered.GetProperty("status").GetString(), Is.EqualTo("open"));
            Assert.That(answered.GetProperty("waitingSince").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(queuedAfter, Is.Empty, "an answered conversation leaves the agents' queue");
            Assert.That(openAfter, Is.EqualTo(new[] { id }));
            Assert.That(again.GetProperty("waitingSince").GetDateTimeOffset(), Is.EqualTo(later.ReceivedAt), "the clock starts again from the next message");
        });
    }

    private async Task<JsonElement> SummaryAsync(Guid id) =>
        (await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}")).GetProperty("conversation");

    [Test]
    public async Task The_same_idempotency_key_sends_one_reply()
    {
        var (_, id, _, _) = await EscalatedAsync(UniquePast());
        var key = Guid.NewGuid().ToString();
        Guid[] ids = new Guid[2];
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/conversations/{id}/replies") { Content = JsonContent.Create(new { text = "Once" }) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await Client.SendAsync(request);
            ids[i] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messageId").GetGuid();
        }
        Assert.That(ids[1], Is.EqualTo(ids[0]));
        Assert.That((await ThreadAsync(id)).Count(m => m.GetProperty("text").GetString() == "Once"), Is.EqualTo(1));
    }

    [TestCase("")]
    [TestCase("   ")]
    public async Task An_empty_reply_is_400(string text) => await AssertBadRequestAsync(text, "text");

    [Test]
    public async Task A_reply_over_1600_characters_is_400() => await AssertBadRequestAsync(new string('a', 1601), "text");

    private async Task AssertBadRequestAsync(string text, string field)
    {
        var (_, id, _, _) = await EscalatedAsync(UniquePast());
        using var response = await Client.PostAsJsonAsync($"/v1/conversations/{id}/replies", new { text });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    [Test]
    public async Task Resolve_reopen_read_and_unassign_change_the_summary()
    {
        var (_, id, _, _) = await EscalatedAsync(UniquePast());

        var resolved = await PostOkAsync($"/v1/conversations/{id}/resolve", null);
        var reopened = await PostOkAsync($"/v1/conversations/{id}/reopen", null);
        using var read = await Client.PostAsync($"/v1/conversations/{id}/read", null);
        var afterRead = (await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}")).GetProperty("conversation");
        var unassigned = await PostOkAsync($"/v1/conversations/{id}/assign", new { assignee = (string?)null });
        var labels = await PostOkAsync($"/v1/conversations/{id}/labels", new { add = new[] { "b", "a" }, remove = new[] { "b" } });

        Assert.Multiple(() =>
        {
            Assert.That(resolved.GetProperty("status").GetString(), Is.EqualTo("resolved"));
            Assert.That(resolved.GetProperty("waitingSince").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(reopened.GetProperty("status").GetString(), Is.EqualTo("open"));
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(afterRead.GetProperty("unreadCount").GetInt32(), Is.Zero);
            Assert.That(unassigned.GetProperty("assignee").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(labels.GetProperty("labels").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "a" }));
        });
    }

    [TestCase("assign", """{"assignee":"no-such-agent"}""", "assignee")]
    [TestCase("flag", """{}""", "flagged")]
    [TestCase("labels", """{"add":[" spaced "]}""", "add")]
    [TestCase("labels", """{}""", "add")]
    public async Task A_bad_action_body_is_400_naming_the_field(string action, string body, string field)
    {
        var (_, id, _, _) = await EscalatedAsync(UniquePast());
        using var response = await Client.PostAsync($"/v1/conversations/{id}/{action}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    [TestCase("/v1/conversations/{0}")]
    [TestCase("/v1/conversations/{0}/messages")]
    public async Task An_unknown_conversation_is_404(string path)
    {
        using var response = await Client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Guid.NewGuid()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("status=closed", "status")]
    [TestCase("flagged=maybe", "flagged")]
    [TestCase("before=yesterday", "before")]
    public async Task A_bad_list_query_is_400(string query, string field)
    {
        using var response = await Client.GetAsync($"/v1/conversations?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    [Test]
    public async Task The_thread_pages_back_with_next_before_oldest_first_within_a_page()
    {
        var t0 = UniquePast();
        var (events, id, prompt, reply) = await EscalatedAsync(t0);
        var later = events.Inbound("hello again", t0.AddSeconds(20));
        await Service.Projection.RecordInboundAsync(later, CancellationToken.None);

        var newest = await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}/messages?limit=2");
        var older = await Client.GetFromJsonAsync<JsonElement>(
            $"/v1/conversations/{id}/messages?limit=2&before={Uri.EscapeDataString(newest.GetProperty("nextBefore").GetString()!)}");

        Assert.Multiple(() =>
        {
            Assert.That(newest.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("messageId").GetGuid()), Is.EqualTo(new[] { reply.MessageId, later.MessageId }));
            Assert.That(older.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("messageId").GetGuid()), Is.EqualTo(new[] { prompt.MessageId }));
            Assert.That(older.GetProperty("nextBefore").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(newest.GetProperty("items")[0].GetProperty("statusTimeline")[0].GetProperty("status").GetString(), Is.EqualTo("received"));
        });
    }

    [Test]
    public async Task An_agent_opt_out_publishes_record_opt_out_with_the_agent_and_reason()
    {
        var agent = await Service.CreateAgentAsync();
        using var agentClient = await Service.SignedInClientAsync(agent, "agent-password-1");
        var number = Sms.Testing.TestNumbers.Unique();

        using var response = await agentClient.PostAsJsonAsync($"/v1/contacts/{Uri.EscapeDataString(number)}/opt-out", new { reason = "asked on the phone" });
        using var bad = await agentClient.PostAsJsonAsync("/v1/contacts/12345/opt-out", new { });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await Service.Bus.Published.Any<RecordOptOut>(m => m.Context.Message.Number == number), Is.True);
        var command = Service.Bus.Published.Select<RecordOptOut>(m => m.Context.Message.Number == number).Single().Context.Message;
        Assert.That(command.RequestedBy, Is.EqualTo(agent));
        Assert.That(command.Reason, Is.EqualTo("asked on the phone"));
        Assert.That(command.Purposes, Is.Null, "every purpose");

        var other = Sms.Testing.TestNumbers.Unique();
        using var marketingOnly = await agentClient.PostAsJsonAsync($"/v1/contacts/{Uri.EscapeDataString(other)}/opt-out", new { marketingOnly = true });
        Assert.That(marketingOnly.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(await Service.Bus.Published.Any<RecordOptOut>(m => m.Context.Message.Number == other), Is.True);
        Assert.That(Service.Bus.Published.Select<RecordOptOut>(m => m.Context.Message.Number == other).Single().Context.Message.Purposes,
            Is.EqualTo(new[] { ConsentPurpose.Marketing }));
    }

    [TestCase("""{"name":""}""")]
    [TestCase("""{"attributes":[1,2]}""")]
    [TestCase("""{}""")]
    public async Task A_bad_contact_update_is_400(string body)
    {
        using var response = await Client.PutAsync($"/v1/contacts/{Uri.EscapeDataString(Sms.Testing.TestNumbers.Unique())}",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Canned_responses_are_filled_from_the_contact_and_can_be_changed_and_deleted()
    {
        var (events, id, _, _) = await EscalatedAsync(UniquePast());
        await Client.PutAsJsonAsync($"/v1/contacts/{Uri.EscapeDataString(events.Customer)}", new { name = "Ada Lovelace" });
        using var created = await Client.PostAsJsonAsync("/v1/canned-responses",
            new { title = "Greeting " + Guid.NewGuid(), text = "Hi {first_name} {last_name}, this is {business_number}. {coupon}" });
        var cannedId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var list = await Client.GetFromJsonAsync<JsonElement>($"/v1/canned-responses?conversationId={id}");
        using var updated = await Client.PutAsJsonAsync($"/v1/canned-responses/{cannedId}", new { title = "Changed", text = "Bye {name}" });
        using var badCreate = await Client.PostAsJsonAsync("/v1/canned-responses", new { title = "", text = "x" });
        using var deleted = await Client.DeleteAsync($"/v1/canned-responses/{cannedId}");
        using var deletedAgain = await Client.DeleteAsync($"/v1/canned-responses/{cannedId}");

        var mine = list.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == cannedId);
        Assert.Multiple(() =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(mine.GetProperty("filledText").GetString(), Is.EqualTo($"Hi Ada Lovelace, this is {events.Business}. {{coupon}}"));
            Assert.That(mine.GetProperty("missingPlaceholders").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "coupon" }));
            Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(badCreate.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(deletedAgain.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    /// <summary>
    /// Four conversations over two days (the last minute of one, the first two of the next) and two campaigns:
    /// c1 (campaign A) answers its prompt with a keyword; c2 (A) is escalated on day 1, answered by an agent after 30 s,
    /// escalated again on day 2 and answered after 50 s; c3 (B) writes unmatched on day 1 and is escalated only on day 2;
    /// c4 (B) gets a prompt on day 2, never answers, opts out and opts back in. c1 opts out on day 2.
    /// </summary>
    [Test]
    public async Task Metrics_count_every_figure_by_day_and_by_campaign_from_what_happened_on_that_day_or_in_that_campaign()
    {
        var t = new DateTimeOffset(UniquePast().UtcDateTime.Date, TimeSpan.Zero).AddHours(23).AddMinutes(59); // day 1, 23:59
        var (campaignA, campaignB) = ("a-" + Guid.NewGuid().ToString("N")[..8], "b-" + Guid.NewGuid().ToString("N")[..8]);
        var store = Service.Projection;
        var none = CancellationToken.None;
        var (c1, c2, c3, c4) = (Events.ForNewCustomer(), Events.ForNewCustomer(), Events.ForNewCustomer(), Events.ForNewCustomer());

        async Task<SendSms> PromptAsync(Events events, string campaign, int second)
        {
            var prompt = events.Request("Reply YES to confirm.", from: events.Business) with
            {
                CampaignId = campaign,
                Prompt = new SmsPrompt { SessionType = "appointment_reminder", Options = new Dictionary<string, string> { ["YES"] = "confirm" } },
            };
            await store.RecordSentAsync(events.Sent(prompt, t.AddSeconds(second)), none);
            return prompt;
        }
        async Task<Sms.Contracts.Inbound.InboundSmsReceived> InboundAsync(Events events, string text, int second)
        {
            var inbound = events.Inbound(text, t.AddSeconds(second));
            await store.RecordInboundAsync(inbound, none);
            return inbound;
        }
        Task EscalateAsync(Events events, Sms.Contracts.Inbound.InboundSmsReceived inbound, int second) =>
            Service.Handoff.EscalateAsync(events.Escalated(inbound) with { EscalatedAt = t.AddSeconds(second) }, null, none);
        Task AgentReplyAsync(Events events, int second) =>
            store.RecordSentAsync(events.Sent(events.Request("An agent here.", SmsOrigin.Agent, SmsCategory.Conversational, from: events.Business), t.AddSeconds(second)), none);

        var p1 = await PromptAsync(c1, campaignA, 0);
        await PromptAsync(c2, campaignA, 1);
        await PromptAsync(c3, campaignB, 2);
        var yes = await InboundAsync(c1, "YES", 10);
        await store.MarkClassifiedAsync(c1.Classified(yes, p1.MessageId, "confirm"), none);
        await EscalateAsync(c2, await InboundAsync(c2, "can I move it?", 20), 21);
        await AgentReplyAsync(c2, 51);
        await InboundAsync(c3, "what is this about?", 30);
        // Day 2 (from t + 60 s).
        await PromptAsync(c4, campaignB, 65);
        await EscalateAsync(c2, await InboundAsync(c2, "and the week after?", 70), 71);
        await EscalateAsync(c3, await InboundAsync(c3, "hello?", 80), 81);
        await store.RecordConsentAsync(ConsentChange.Of(c4.OptOut("default", t.AddSeconds(90))), none);
        await store.RecordConsentAsync(ConsentChange.Of(c1.OptOut("default", t.AddSeconds(100))), none);
        await store.RecordConsentAsync(ConsentChange.Of(c1.OptOut("default", t.AddSeconds(100))), none); // redelivered
        await store.RecordConsentAsync(ConsentChange.Of(c4.OptIn("default", t.AddSeconds(110))), none);
        await AgentReplyAsync(c2, 121);

        string Instant(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O"));
        async Task<Dictionary<string, JsonElement>> RowsAsync(DateTimeOffset from, DateTimeOffset to, string groupBy) =>
            (await Client.GetFromJsonAsync<JsonElement>($"/v1/metrics?from={Instant(from)}&to={Instant(to)}&groupBy={groupBy}"))
                .GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
        var byDay = await RowsAsync(t.AddMinutes(-1), t.AddMinutes(3), "day");
        var byCampaign = await RowsAsync(t.AddMinutes(-1), t.AddMinutes(3), "campaign");
        var day1Alone = await RowsAsync(t.AddMinutes(-1), t.AddMinutes(1), "day");
        using var bad = await Client.GetAsync("/v1/metrics?groupBy=week");

        var (day1, day2) = (t.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            t.AddDays(1).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Multiple(() =>
        {
            Assert.That(byDay.Keys, Is.EquivalentTo(new[] { day1, day2 }));
            // Day 1: prompts P1-P3 all answered; 1 of 3 customer messages matched; c1, c2, c3 wrote, only c2 was
            // escalated (c3's escalation is on day 2) and answered by an agent (30 s later); nobody opted out that day
            // (c1's opt-out is on day 2: it is counted there, not on the day of the send before it).
            AssertRow(byDay[day1], inbound: 3, outbound: 4, replyRate: 1.0, keywordMatchRate: 1 / 3.0,
                containment: 2 / 3.0, handoff: 1 / 3.0, medianSeconds: 30, optOutRate: 0.0);
            // Day 2: P4 unanswered; neither customer message matched; c2 and c3 both escalated that day, c2's second
            // escalation answered after 50 s and c3's not at all; c4 and c1 opted out (c4's opt-in later that day takes
            // nothing back) ÷ the 2 customers sent to that day (c4's prompt, c2's agent reply).
            AssertRow(byDay[day2], inbound: 2, outbound: 2, replyRate: 0.0, keywordMatchRate: 0.0,
                containment: 0.0, handoff: 1.0, medianSeconds: 50, optOutRate: 1.0);
            Assert.That(byDay[day1].GetProperty("optOuts").GetInt64(), Is.EqualTo(0));
            Assert.That(byDay[day2].GetProperty("optOuts").GetInt64(), Is.EqualTo(2), "a redelivered opt-out counts once");
            // Campaign A: c1 and c2 (both escalations of c2: 30 s and 50 s); agent replies carry no campaign; c1's
            // opt-out came after P1, the latest message it got.
            AssertRow(byCampaign[campaignA], inbound: 3, outbound: 2, replyRate: 1.0, keywordMatchRate: 1 / 3.0,
                containment: 0.5, handoff: 0.5, medianSeconds: 40, optOutRate: 0.5);
            // Campaign B: c3 (escalated, never answered) and c4 (no reply, opted out after P4).
            AssertRow(byCampaign[campaignB], inbound: 2, outbound: 2, replyRate: 0.5, keywordMatchRate: 0.0,
                containment: 0.0, handoff: 1.0, medianSeconds: null, optOutRate: 0.5);
            Assert.That(day1Alone[day1].GetRawText(), Is.EqualTo(byDay[day1].GetRawText()), "a day's figures do not depend on the period asked for");
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    private static void AssertRow(JsonElement row, long inbound, long outbound, double replyRate, double keywordMatchRate,
        double containment, double handoff, double? medianSeconds, double optOutRate)
    {
        var key = row.GetProperty("key").GetString();
        Assert.That(row.GetProperty("inbound").GetInt64(), Is.EqualTo(inbound), $"{key} inbound");
        Assert.That(row.GetProperty("outbound").GetInt64(), Is.EqualTo(outbound), $"{key} outbound");
        Assert.That(row.GetProperty("replyRate").GetDouble(), Is.EqualTo(replyRate).Within(1e-9), $"{key} replyRate");
        Assert.That(row.GetProperty("keywordMatchRate").GetDouble(), Is.EqualTo(keywordMatchRate).Within(1e-9), $"{key} keywordMatchRate");
        Assert.That(row.GetProperty("automationContainment").GetDouble(), Is.EqualTo(containment).Within(1e-9), $"{key} automationContainment");
        Assert.That(row.GetProperty("handoffRate").GetDouble(), Is.EqualTo(handoff).Within(1e-9), $"{key} handoffRate");
        if (medianSeconds is { } median)
            Assert.That(row.GetProperty("medianFirstAgentReplySeconds").GetDouble(), Is.EqualTo(median).Within(1e-6), $"{key} medianFirstAgentReplySeconds");
        else
            Assert.That(row.GetProperty("medianFirstAgentReplySeconds").ValueKind, Is.EqualTo(JsonValueKind.Null), $"{key} medianFirstAgentReplySeconds");
        Assert.That(row.GetProperty("optOutRate").GetDouble(), Is.EqualTo(optOutRate).Within(1e-9), $"{key} optOutRate");
    }

    [Test]
    public async Task The_openapi_document_describes_the_inbox_api()
    {
        var document = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.That(new[] { "/v1/conversations", "/v1/conversations/{id}/replies", "/v1/events", "/v1/metrics", "/auth/login", "/v1/canned-responses" }
            .All(p => paths.TryGetProperty(p, out _)), Is.True, string.Join(", ", paths.EnumerateObject().Select(p => p.Name)));
        Assert.That(paths.GetProperty("/v1/metrics").GetProperty("get").GetProperty("description").GetString(), Does.Contain("replyRate"));
    }

    [Test]
    public async Task The_openapi_document_names_every_endpoints_refusals_not_only_its_success() =>
        Assert.That(await ApiDocumentCheck.SuccessOnlyOperationsAsync(Client), Is.Empty);

    [Test]
    public async Task The_openapi_document_has_response_schemas_and_the_two_ways_to_authenticate()
    {
        var document = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        string? SchemaOf(string path, string method, string status) =>
            paths.GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status)
                .GetProperty("content").EnumerateObject().First().Value.GetProperty("schema").GetProperty("$ref").GetString();
        string[] SecurityOf(string path, string method) =>
            paths.GetProperty(path).GetProperty(method).TryGetProperty("security", out var security)
                ? [.. security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).Order()]
                : [];

        Assert.Multiple(() =>
        {
            Assert.That(SchemaOf("/v1/conversations", "get", "200"), Is.EqualTo("#/components/schemas/ConversationPage"));
            Assert.That(SchemaOf("/v1/conversations/{id}", "get", "200"), Is.EqualTo("#/components/schemas/ConversationDetail"));
            Assert.That(SchemaOf("/v1/conversations/{id}/replies", "post", "202"), Is.EqualTo("#/components/schemas/ReplyAccepted"));
            Assert.That(SchemaOf("/v1/metrics", "get", "200"), Is.EqualTo("#/components/schemas/MetricsResponse"));
            Assert.That(SchemaOf("/v1/conversations", "get", "400"), Is.EqualTo("#/components/schemas/HttpValidationProblemDetails"));
            Assert.That(document.GetProperty("components").GetProperty("schemas").GetProperty("ConversationPage")
                .GetProperty("properties").TryGetProperty("nextBefore", out _), Is.True);
            Assert.That(schemes.GetProperty("inboxSession").GetProperty("in").GetString(), Is.EqualTo("cookie"));
            Assert.That(schemes.GetProperty("inboxSession").GetProperty("name").GetString(), Is.EqualTo("sms_inbox"));
            Assert.That(schemes.GetProperty("apiKey").GetProperty("in").GetString(), Is.EqualTo("header"));
            Assert.That(schemes.GetProperty("apiKey").GetProperty("name").GetString(), Is.EqualTo("X-Api-Key"));
            Assert.That(schemes.GetProperty("apiKeyBearer").GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
            Assert.That(SecurityOf("/v1/conversations", "get"), Is.EqualTo(new[] { "apiKey", "apiKeyBearer", "inboxSession" }));
            Assert.That(SecurityOf("/auth/login", "post"), Is.Empty, "signing in needs no credentials");
        });
    }

    private async Task<JsonElement> PostOkAsync(string path, object? body)
    {
        using var response = body is null ? await Client.PostAsync(path, null) : await Client.PostAsJsonAsync(path, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<Guid[]> IdsAsync(string path) =>
        [.. (await Client.GetFromJsonAsync<JsonElement>(path)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    private async Task<JsonElement[]> ThreadAsync(Guid id) =>
        [.. (await Client.GetFromJsonAsync<JsonElement>($"/v1/conversations/{id}/messages")).GetProperty("items").EnumerateArray()];
}
