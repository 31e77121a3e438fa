using System.Text.Json;
using Sms.Conversations.Http;
using Sms.Testing;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// The contact panel's consent table (<c>wwwroot/inbox/consent.js</c>), run under node over the contact API's own
/// <see cref="ContactConsent"/> entries: one row per brand, a cell per purpose, and what no record means for each
/// purpose (informational: allowed; marketing: needs an opt-in).
/// </summary>
public sealed class ConsentTableTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Each_brand_is_a_row_with_both_purposes_and_a_purpose_without_a_record_says_so()
    {
        var rows = await RowsAsync(
            new ContactConsent("acme", "informational", "opted_out", "keyword", "keyword:STOP", At),
            new ContactConsent("acme", "marketing", "opted_out", "keyword", "keyword:STOP", At),
            new ContactConsent("globex", "marketing", "opted_in", "double_opt_in", "double-opt-in:Y", At.AddMinutes(1)));

        Assert.That(rows, Is.EqualTo(new[]
        {
            "acme | informational Opted out (not sent) keyword | marketing Opted out (not sent) keyword",
            "globex | informational No record (allowed) - | marketing Opted in (allowed) double_opt_in",
        }));
    }

    [Test]
    public async Task Marketing_with_no_record_needs_an_opt_in_while_informational_is_allowed()
    {
        var rows = await RowsAsync(new ContactConsent("acme", "informational", "opted_in", "api", "api", At));

        Assert.That(rows, Is.EqualTo(new[] { "acme | informational Opted in (allowed) api | marketing No record (needs an opt-in) -" }));
    }

    [Test]
    public async Task A_purpose_the_page_does_not_know_is_left_out_and_no_consent_makes_no_rows()
    {
        var unknown = await RowsAsync(new ContactConsent("acme", "political", "opted_in", "api", "api", At));
        var none = await RowsAsync();

        Assert.That(unknown, Is.Empty);
        Assert.That(none, Is.Empty);
    }

    /// <summary>Each row as "brand | purpose label (effect) source | …", from the entries as the API serialises them.</summary>
    private static async Task<string[]> RowsAsync(params ContactConsent[] consents)
    {
        var output = await InboxModule.RunAsync("consent.js",
            "const { consentRows } = await import(input.module);" +
            "const rows = consentRows(input.consents).map(r => [r.brand, ...r.cells.map(c => `${c.purpose} ${c.label} (${c.effect}) ${c.source ?? '-'}`)].join(' | '));" +
            "process.stdout.write(JSON.stringify(rows));",
            new { consents });
        return JsonSerializer.Deserialize<string[]>(output)!;
    }
}
