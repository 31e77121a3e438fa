using System.Globalization;
using Sms.Carriers.Segments;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Content;

/// <summary>
/// What the compose screen shows for a text: its length, segments and encoding as the carriers bill them
/// (<see cref="SmsSegments"/>, on the text at the longest its fallbacks make it), its placeholders and the content
/// check's warnings. The segments times the recipients is the campaign's cost in segments. With link tracking on, each
/// link is measured as the tracked link it will go out as (<see cref="LinkTracking.TrackLongest"/>), and
/// <see cref="TrackedLinks"/> lists the destinations whose clicks will be counted.
/// </summary>
public sealed record ComposedText(
    int Characters, int Segments, string Encoding, string Measured, IReadOnlyList<TemplatePlaceholder> Placeholders,
    IReadOnlyList<ContentWarning> Warnings, IReadOnlyList<string> TrackedLinks)
{
    /// <summary>Measures and checks <paramref name="text"/>. Pure.</summary>
    /// <param name="newestLinkId">The newest link stored (<see cref="Data.LinkStore.NewestIdAsync"/>): tracked links are measured from it.</param>
    public static ComposedText Of(string text, SmsCategory category, ContentCheck check, LinkTracking tracking, long newestLinkId)
    {
        var template = new MessageTemplate(tracking.TrackLongest(text, newestLinkId));
        var measured = template.RenderLongest();
        var segments = SmsSegments.Measure(measured);
        return new ComposedText(
            new StringInfo(measured).LengthInTextElements,
            segments.Segments,
            segments.Encoding == SmsTextEncoding.Gsm7 ? "gsm7" : "ucs2",
            measured,
            template.Placeholders.DistinctBy(p => (p.Name.ToLowerInvariant(), p.Fallback)).ToList(),
            check.Check(text, category),
            tracking.Destinations(text));
    }
}
