using System.Text.RegularExpressions;

namespace Sms.Campaigns.Content;

/// <summary>
/// A link as it stands in a text: where (<see cref="Index"/>, <see cref="Length"/>), its host (lower case, without
/// <c>www.</c>), whether a phone makes it tappable (<see cref="Opens"/>), and <see cref="Destination"/>, the absolute
/// address it opens, when that is the same for every recipient.
/// </summary>
public sealed record TextLink(int Index, int Length, string Host, bool Opens, string? Destination);

/// <summary>
/// The links of a text, the one reading of "what is a link" the content check (<see cref="ContentCheck"/>) and link
/// tracking (<see cref="LinkTracking"/>) share. A link is a URL with a scheme, one starting <c>www.</c>, or a host
/// followed by a path (<c>shop.example.com/spring</c>), as phones make them tappable; a bare host (<c>example.com</c>)
/// does not open. Punctuation that ends a sentence after a link (<c>.</c>, <c>,</c>, <c>!</c>,
/// <c>)</c> without its <c>(</c>, …) is not part of it. A link with a placeholder in it (<c>…?c={code}</c>) has no
/// destination either: it differs per recipient. Pure.
/// </summary>
public static partial class LinksInText
{
    public static IReadOnlyList<TextLink> Find(string text)
    {
        var links = new List<TextLink>();
        foreach (Match match in Link().Matches(text))
        {
            var host = match.Groups["host"].Value.ToLowerInvariant().TrimEnd('.');
            var length = match.Length;
            var path = match.Groups["path"];
            if (path.Success) length -= path.Length - Trimmed(path.Value).Length;
            var written = text.Substring(match.Index, length);
            var opens = match.Groups["scheme"].Success || match.Groups["www"].Success || (path.Success && Trimmed(path.Value).Length > 0);
            string? destination = null;
            if (opens && !written.Contains('{', StringComparison.Ordinal) && !written.Contains('}', StringComparison.Ordinal))
                destination = match.Groups["scheme"].Success ? written : "https://" + written;
            links.Add(new TextLink(match.Index, length, host, opens, destination));
        }
        return links;
    }

    /// <summary>A path without the punctuation that ends the sentence around it; a <c>)</c> stays when the path opened one.</summary>
    private static string Trimmed(string path)
    {
        var end = path.Length;
        while (end > 0)
        {
            var last = path[end - 1];
            if (last is '.' or ',' or ';' or ':' or '!' or '?' or '\'' or '"' or '’' or '”' or ']' or '>')
                end--;
            else if (last == ')' && path.AsSpan(0, end).Count('(') < path.AsSpan(0, end).Count(')'))
                end--;
            else
                break;
        }
        return path[..end];
    }

    [GeneratedRegex(
        @"(?<![\p{L}\p{N}@.-])(?<scheme>https?://)?(?<www>www\.)?(?<host>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})(?![\p{L}\p{N}-])(?::[0-9]{1,5})?(?<path>[/?#][^\s]*)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
