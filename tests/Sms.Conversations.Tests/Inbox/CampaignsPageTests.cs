using System.Text.Json;
using Sms.Testing;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// The Campaigns view's decisions (<c>wwwroot/inbox/campaigns.js</c>), run under node: the buttons each status allows,
/// the progress, the segment the builder describes, and how the page keeps its pass for Campaigns (renewed before it
/// expires and once on a 401, never more).
/// </summary>
public sealed class CampaignsPageTests
{
    [Test]
    public async Task Each_status_allows_the_actions_of_the_campaign_lifecycle()
    {
        var allowed = await RunAsync<Dictionary<string, string[]>>(
            "const { actionsAllowed } = await import(input.module);" +
            "process.stdout.write(JSON.stringify(Object.fromEntries(input.statuses.map(s => [s, actionsAllowed(s)]))));",
            new { statuses = new[] { "draft", "planning", "running", "paused", "completed", "cancelled" } });

        Assert.That(allowed, Is.EqualTo(new Dictionary<string, string[]>
        {
            ["draft"] = ["dry-run", "launch", "cancel"],
            ["planning"] = ["cancel"],
            ["running"] = ["pause", "cancel"],
            ["paused"] = ["resume", "cancel"],
            ["completed"] = [],
            ["cancelled"] = [],
        }));
    }

    [Test]
    public async Task Progress_counts_the_recipients_no_longer_pending()
    {
        var progress = await RunAsync<int[][]>(
            "const { progressOf } = await import(input.module);" +
            "process.stdout.write(JSON.stringify(input.campaigns.map(c => { const p = progressOf(c); return [p.handled, p.recipients, p.percent]; })));",
            new
            {
                campaigns = new object[]
                {
                    new { status = "draft" },
                    new { status = "running", progress = new { recipients = 3, byState = new { pending = 2, published = 1 } } },
                    new { status = "completed", progress = new { recipients = 2, byState = new { delivered = 2 } } },
                },
            });

        Assert.That(progress, Is.EqualTo(new[] { new[] { 0, 0, 0 }, new[] { 1, 3, 33 }, new[] { 2, 2, 100 } }));
    }

    [Test]
    public async Task The_builder_describes_only_the_conditions_filled_in()
    {
        var definition = await RunAsync<JsonElement>(
            "const { definitionFrom } = await import(input.module);" +
            "process.stdout.write(JSON.stringify(definitionFrom(input.values)));",
            new
            {
                values = new
                {
                    labelsAll = "vip, shoes ", labelsAny = "", labelsNone = "lapsed", countries = "us,gb", excludeOwnedByPeople = true,
                    attributeName = "tier", attributeOperator = "Equals", attributeValue = "gold",
                    engagementMin = "40", engagementMax = "", consentPurpose = "marketing", consentState = "OptedIn",
                },
            });

        Assert.That(definition.ToString(), Is.EqualTo(JsonSerializer.Serialize(new
        {
            labelsAll = new[] { "vip", "shoes" }, labelsAny = Array.Empty<string>(), labelsNone = new[] { "lapsed" },
            countries = new[] { "US", "GB" }, excludeOwnedByPeople = true,
            attributes = new[] { new { name = "tier", @operator = "Equals", value = "gold" } },
            engagementMin = 40, consent = new { purpose = "marketing", state = "OptedIn" },
        })));
    }

    [Test]
    public async Task The_pass_is_renewed_before_it_expires_and_once_on_a_401()
    {
        // A fake Campaigns answers 401 to the first pass it sees and 200 to every other; a fake clock moves past
        // the renewal point between the third and fourth call.
        var calls = await RunAsync<string[]>(
            """
            const { campaignsClient } = await import(input.module);
            const log = [];
            let issued = 0, now = 0;
            globalThis.fetch = async (url, init) => {
              const token = init.headers.Authorization;
              log.push(`${init.method} ${url} ${token}`);
              const refused = token === "Bearer pass-1" || token === "Bearer always-refused";
              return new Response(refused ? "{\"title\":\"no\"}" : "[]", { status: refused ? 401 : 200, headers: { "Content-Type": "application/json" } });
            };
            const client = campaignsClient(async () => {
              issued++;
              log.push(`pass ${issued}`);
              return { token: `pass-${issued}`, url: "http://campaigns.test", expiresAt: new Date(now + 300000).toISOString() };
            }, () => now);
            await client.get("/v1/campaigns");
            await client.get("/v1/segments");
            now += 250000;
            await client.get("/v1/audiences");
            const refusing = campaignsClient(async () => ({ token: "always-refused", url: "http://campaigns.test", expiresAt: new Date(now + 300000).toISOString() }), () => now);
            try { await refusing.get("/v1/campaigns"); } catch (e) { log.push(`error ${e.status} ${e.message}`); }
            process.stdout.write(JSON.stringify(log));
            """, new { });

        Assert.That(calls, Is.EqualTo(new[]
        {
            "pass 1", "GET http://campaigns.test/v1/campaigns Bearer pass-1",
            "pass 2", "GET http://campaigns.test/v1/campaigns Bearer pass-2",
            "GET http://campaigns.test/v1/segments Bearer pass-2",
            "pass 3", "GET http://campaigns.test/v1/audiences Bearer pass-3",
            "GET http://campaigns.test/v1/campaigns Bearer always-refused",
            "GET http://campaigns.test/v1/campaigns Bearer always-refused",
            "error 0 Campaigns did not accept this inbox's pass: no",
        }));
    }

    private static async Task<T> RunAsync<T>(string body, object payload) =>
        JsonSerializer.Deserialize<T>(await InboxModule.RunAsync("campaigns.js", body, payload))!;
}
