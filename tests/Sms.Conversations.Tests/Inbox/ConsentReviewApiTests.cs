using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sms.Contracts.Compliance;
using Sms.Conversations.Data;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// The consent review queue's API: agents list and open reviews with the customer's message, and their confirm,
/// dismiss and undo go to Compliance as <see cref="DecideConsentReview"/> with the agent's name as evidence.
/// </summary>
public sealed class ConsentReviewApiTests : InboxServiceTest
{
    private ConsentReviewStore Reviews => Service.Factory.Services.GetRequiredService<ConsentReviewStore>();

    /// <summary>A new customer's uncertain message in its thread, under review; decided as given.</summary>
    private async Task<(Events Events, ConsentReviewRequested Review)> ReviewAsync(string text, params (ConsentReviewDecision Decision, ConsentReviewStatus Status, string By)[] decisions)
    {
        var events = Events.ForNewCustomer();
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds());
        var inbound = events.Inbound(text, t0);
        await Service.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        var review = events.ReviewRequested(inbound, score: 0.62);
        await Reviews.RecordRequestedAsync(review, CancellationToken.None);
        var at = t0;
        foreach (var (decision, status, by) in decisions)
            await Reviews.RecordDecidedAsync(events.ReviewDecided(review, decision, status, at = at.AddMinutes(1), by), CancellationToken.None);
        return (events, review);
    }

    private async Task<HttpClient> AgentClientAsync(bool csrfHeader = true) =>
        await Service.SignedInClientAsync(await Service.CreateAgentAsync(), "agent-password-1", csrfHeader);

    [Test]
    public async Task The_list_shows_pending_reviews_by_default_with_the_message_and_the_pending_count()
    {
        var (events, pending) = await ReviewAsync("stop texting me the wrong time");
        var (_, confirmed) = await ReviewAsync("no more of these please?", (ConsentReviewDecision.Confirm, ConsentReviewStatus.Confirmed, "grace"));
        using var agent = await AgentClientAsync();

        var page = await agent.GetFromJsonAsync<JsonElement>("/v1/consent-reviews?limit=200");
        var decided = await agent.GetFromJsonAsync<JsonElement>("/v1/consent-reviews?status=decided&limit=200");

        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reviewId").GetGuid()).ToList();
        var item = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("reviewId").GetGuid() == pending.ReviewId);
        Assert.Multiple(() =>
        {
            Assert.That(ids, Does.Contain(pending.ReviewId).And.Not.Contain(confirmed.ReviewId));
            Assert.That(page.GetProperty("pendingCount").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(item.GetProperty("text").GetString(), Is.EqualTo("stop texting me the wrong time"));
            Assert.That(item.GetProperty("number").GetString(), Is.EqualTo(events.Customer));
            Assert.That(item.GetProperty("scope").GetString(), Is.EqualTo("acme"));
            Assert.That(item.GetProperty("score").GetDouble(), Is.EqualTo(0.62));
            Assert.That(item.GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(item.GetProperty("conversationId").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(decided.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reviewId").GetGuid()),
                Does.Contain(confirmed.ReviewId).And.Not.Contain(pending.ReviewId));
        });
    }

    [Test]
    public async Task A_review_shows_its_message_and_every_decision_with_who_made_it()
    {
        var (_, review) = await ReviewAsync("stop texting me the wrong time",
            (ConsentReviewDecision.Confirm, ConsentReviewStatus.Confirmed, "grace"),
            (ConsentReviewDecision.Undo, ConsentReviewStatus.Pending, "ada"));
        using var agent = await AgentClientAsync();

        var detail = await agent.GetFromJsonAsync<JsonElement>($"/v1/consent-reviews/{review.ReviewId}");

        var history = detail.GetProperty("history").EnumerateArray()
            .Select(d => $"{d.GetProperty("decision").GetString()}:{d.GetProperty("decidedBy").GetString()}:{d.GetProperty("applied").GetBoolean()}").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("review").GetProperty("text").GetString(), Is.EqualTo("stop texting me the wrong time"));
            Assert.That(detail.GetProperty("review").GetProperty("status").GetString(), Is.EqualTo("pending"));
            Assert.That(detail.GetProperty("review").GetProperty("lastDecision").GetString(), Is.EqualTo("undo"));
            Assert.That(detail.GetProperty("review").GetProperty("decidedBy").GetString(), Is.EqualTo("ada"));
            Assert.That(history, Is.EqualTo(new[] { "confirm:grace:True", "undo:ada:True" }));
        });
    }

    [TestCase("confirm", ConsentReviewDecision.Confirm)]
    [TestCase("dismiss", ConsentReviewDecision.Dismiss)]
    [TestCase("undo", ConsentReviewDecision.Undo)]
    public async Task A_decision_publishes_decide_consent_review_with_the_signed_in_agents_name(string action, ConsentReviewDecision decision)
    {
        var (_, review) = await ReviewAsync("stop texting me the wrong time");
        var agentName = await Service.CreateAgentAsync();
        using var agent = await Service.SignedInClientAsync(agentName, "agent-password-1");

        using var response = await agent.PostAsync($"/v1/consent-reviews/{review.ReviewId}/{action}", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await response.Content.ReadAsStringAsync());
        var requestId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        Assert.That(await Service.Bus.Published.Any<DecideConsentReview>(m => m.Context.Message.RequestId == requestId), Is.True);
        var command = Service.Bus.Published.Select<DecideConsentReview>(m => m.Context.Message.RequestId == requestId).Single().Context.Message;
        Assert.Multiple(() =>
        {
            Assert.That(command.ReviewId, Is.EqualTo(review.ReviewId));
            Assert.That(command.Decision, Is.EqualTo(decision));
            Assert.That(command.DecidedBy, Is.EqualTo(agentName));
            Assert.That(command.DecidedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        });
    }

    [Test]
    public async Task The_same_idempotency_key_gives_the_same_request_so_a_retried_click_decides_once()
    {
        var (_, review) = await ReviewAsync("stop texting me the wrong time");
        using var agent = await AgentClientAsync();
        async Task<Guid> ConfirmAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/consent-reviews/{review.ReviewId}/confirm");
            request.Headers.Add("Idempotency-Key", key);
            using var response = await agent.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetGuid();
        }

        var first = await ConfirmAsync("click-1");
        var retried = await ConfirmAsync("click-1");
        var other = await ConfirmAsync("click-2");

        Assert.That(retried, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task An_unknown_review_is_404_and_nothing_is_published()
    {
        var unknown = Guid.NewGuid();
        using var agent = await AgentClientAsync();

        using var detail = await agent.GetAsync($"/v1/consent-reviews/{unknown}");
        using var confirm = await agent.PostAsync($"/v1/consent-reviews/{unknown}/confirm", null);

        Assert.That(detail.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(Service.Bus.Published.Select<DecideConsentReview>(m => m.Context.Message.ReviewId == unknown), Is.Empty);
    }

    [TestCase("status=maybe")]
    [TestCase("limit=0")]
    [TestCase("limit=201")]
    [TestCase("limit=ten")]
    public async Task A_bad_list_query_is_400(string query)
    {
        using var agent = await AgentClientAsync();
        using var response = await agent.GetAsync($"/v1/consent-reviews?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_too_long_idempotency_key_is_400_and_nothing_is_published()
    {
        var (_, review) = await ReviewAsync("stop texting me the wrong time");
        using var agent = await AgentClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/consent-reviews/{review.ReviewId}/dismiss");
        request.Headers.Add("Idempotency-Key", new string('k', 201));

        using var response = await agent.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(Service.Bus.Published.Select<DecideConsentReview>(m => m.Context.Message.ReviewId == review.ReviewId), Is.Empty);
    }

    [Test]
    public async Task Without_a_session_the_queue_is_401_and_a_cookie_decision_needs_the_csrf_header()
    {
        var (_, review) = await ReviewAsync("stop texting me the wrong time");
        using var anonymous = Service.AnonymousClient();
        using var withoutHeader = await AgentClientAsync(csrfHeader: false);

        using var list = await anonymous.GetAsync("/v1/consent-reviews");
        using var confirm = await anonymous.PostAsync($"/v1/consent-reviews/{review.ReviewId}/confirm", null);
        using var forged = await withoutHeader.PostAsync($"/v1/consent-reviews/{review.ReviewId}/confirm", null);

        Assert.Multiple(() =>
        {
            Assert.That(list.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(confirm.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(Service.Bus.Published.Select<DecideConsentReview>(m => m.Context.Message.ReviewId == review.ReviewId), Is.Empty);
        });
    }

    [Test]
    public async Task The_openapi_document_describes_the_queue_and_names_each_refusal()
    {
        var document = await Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        string[] StatusesOf(string path, string method) =>
            [.. paths.GetProperty(path).GetProperty(method).GetProperty("responses").EnumerateObject().Select(r => r.Name).Order()];

        Assert.Multiple(() =>
        {
            Assert.That(StatusesOf("/v1/consent-reviews", "get"), Is.EqualTo(new[] { "200", "400", "401", "403" }));
            Assert.That(StatusesOf("/v1/consent-reviews/{id}", "get"), Is.EqualTo(new[] { "200", "401", "403", "404" }));
            foreach (var action in new[] { "confirm", "dismiss", "undo" })
                Assert.That(StatusesOf($"/v1/consent-reviews/{{id}}/{action}", "post"), Is.EqualTo(new[] { "202", "400", "401", "403", "404" }), action);
        });
    }
}
