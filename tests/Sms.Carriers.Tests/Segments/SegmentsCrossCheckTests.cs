using System.Text.Json;
using Sms.Carriers.Segments;
using Sms.Testing;

namespace Sms.Carriers.Tests.Segments;

/// <summary>
/// The inbox's compose box counts segments in the browser with <c>wwwroot/inbox/segments.js</c>, a mirror of
/// <see cref="SmsSegments"/>. This runs that module under node over a table of texts and compares every answer with
/// SmsSegments', so the counter an agent sees is the count the carrier bills.
/// </summary>
public sealed class SegmentsCrossCheckTests
{
    private const string Emoji = "😀"; // U+1F600: one surrogate pair.

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));

    /// <summary>Every rule of the arithmetic, at and either side of each boundary.</summary>
    private static readonly string[] Texts =
    [
        "",
        "Hello",
        "Reply YES to confirm your 10:30 appointment.",
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?",
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
        "\f^{}\\[~]|€",
        "Price: 5€ [incl. VAT]",
        Repeat("a", 159), Repeat("a", 160), Repeat("a", 161), Repeat("a", 305), Repeat("a", 306), Repeat("a", 307),
        Repeat("a", 459), Repeat("a", 460), Repeat("a", 1600),
        Repeat("a", 158) + "€", Repeat("a", 159) + "€",
        Repeat("a", 152) + "€" + Repeat("a", 10), // the escape pair would straddle septet 153
        Repeat("a", 151) + "€" + Repeat("a", 10), // ends exactly at septet 153
        Repeat("€", 80), Repeat("€", 81), Repeat("€", 152), Repeat("€", 153), Repeat("€", 229),
        "á", "ç", "`", "’", "“", "naïve", "Façade", "Grüße", "tab\there",
        "á" + Repeat("a", 159),
        "Thank you " + Emoji,
        Repeat("a", 69), "á" + Repeat("a", 69), "á" + Repeat("a", 70), "á" + Repeat("a", 133), "á" + Repeat("a", 134),
        Repeat(Emoji, 35), Repeat(Emoji, 36), Repeat(Emoji, 66), Repeat(Emoji, 67),
        "á" + Repeat("a", 65) + Emoji + Repeat("a", 66), // the surrogate pair would straddle unit 67
        "á" + Repeat("a", 64) + Emoji + Repeat("a", 67), // ends exactly at unit 67
        "á" + Repeat(Emoji, 100),
        "{[€]}" + Emoji,
        "中文短信测试",
        "\ud83d" + Repeat("a", 80), // a lone high surrogate counts one unit
        Repeat("a", 66) + "\ud83d" + "\ude00" + "\ud83d",
        "Straße €5 — ok?",
    ];

    [Test]
    public async Task The_inbox_counter_in_javascript_agrees_with_SmsSegments_on_every_text()
    {
        var fromJavaScript = await MeasureWithSegmentsJsAsync(Texts);

        Assert.That(fromJavaScript, Has.Count.EqualTo(Texts.Length));
        Assert.Multiple(() =>
        {
            for (var i = 0; i < Texts.Length; i++)
            {
                var expected = SmsSegments.Measure(Texts[i]);
                var actual = fromJavaScript[i];
                var what = $"text #{i} ({Texts[i].Length} UTF-16 units, starts \"{Preview(Texts[i])}\")";
                Assert.That(actual.Encoding, Is.EqualTo(expected.Encoding.ToString()), what + ": encoding");
                Assert.That(actual.Units, Is.EqualTo(expected.Units), what + ": units");
                Assert.That(actual.Segments, Is.EqualTo(expected.Segments), what + ": segments");
                Assert.That(actual.UnitsPerSegment, Is.EqualTo(expected.UnitsPerSegment), what + ": units per segment");
                Assert.That(actual.RemainingInLastSegment, Is.EqualTo(expected.RemainingInLastSegment), what + ": remaining");
            }
        });
    }

    [TestCase("Hello there!", "12 / 160 · 1 segment · GSM-7")]
    [TestCase("", "0 / 160 · 0 segments · GSM-7")]
    [TestCase("Thank you 😀", "12 / 70 · 1 segment · UCS-2")]
    public async Task The_counter_text_shows_units_capacity_parts_and_encoding(string text, string expected)
    {
        var described = await InboxModule.RunAsync("segments.js",
            "const { measure, describe } = await import(input.module); process.stdout.write(JSON.stringify(input.texts.map(t => describe(measure(t)))));",
            new { texts = new[] { text } });

        Assert.That(JsonSerializer.Deserialize<string[]>(described), Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task The_counter_for_a_multipart_text_shows_the_capacity_of_all_its_parts()
    {
        var described = await InboxModule.RunAsync("segments.js",
            "const { measure, describe } = await import(input.module); process.stdout.write(JSON.stringify(input.texts.map(t => describe(measure(t)))));",
            new { texts = new[] { Repeat("a", 161), "á" + Repeat("a", 70) } });

        Assert.That(JsonSerializer.Deserialize<string[]>(described),
            Is.EqualTo(new[] { "161 / 306 · 2 segments · GSM-7", "71 / 134 · 2 segments · UCS-2" }));
    }

    private sealed record JsMeasure(string Encoding, int Units, int Segments, int UnitsPerSegment, int RemainingInLastSegment);

    /// <summary>Texts travel as arrays of UTF-16 code units, so lone surrogates reach node exactly as C# holds them.</summary>
    private static async Task<List<JsMeasure>> MeasureWithSegmentsJsAsync(IReadOnlyList<string> texts)
    {
        var codes = texts.Select(t => t.Select(c => (int)c).ToArray()).ToArray();
        var output = await InboxModule.RunAsync("segments.js",
            "const { measure } = await import(input.module);" +
            "const results = input.codes.map(units => measure(String.fromCharCode(...units)));" +
            "process.stdout.write(JSON.stringify(results));",
            new { codes });
        return JsonSerializer.Deserialize<List<JsMeasure>>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    private static string Preview(string text) => text.Length <= 12 ? text : text[..12] + "…";
}
