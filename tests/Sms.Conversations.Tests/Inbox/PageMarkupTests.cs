using System.Text.RegularExpressions;
using Sms.Testing;

namespace Sms.Conversations.Tests.Inbox;

/// <summary>
/// The inbox's pages close every element they open, in order: a view left unclosed swallows the dialogs after it, which
/// the browser then cannot use (found after several views were added at once).
/// </summary>
public partial class PageMarkupTests
{
    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    };

    [TestCase("index.html")]
    [TestCase("login.html")]
    public void Every_element_is_closed_in_the_order_it_was_opened(string page)
    {
        var html = Comment().Replace(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "services/Sms.Conversations/wwwroot/inbox", page)), "");
        var open = new Stack<(string Name, int Line)>();
        var problems = new List<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            var line = html.AsSpan(0, tag.Index).Count('\n') + 1;
            if (VoidElements.Contains(name) || tag.Value.EndsWith("/>", StringComparison.Ordinal)) continue;
            if (tag.Groups["close"].Success)
            {
                if (open.Count == 0 || open.Peek().Name != name)
                    problems.Add($"line {line}: </{name}> closes <{(open.Count == 0 ? "nothing" : $"{open.Peek().Name}> of line {open.Peek().Line}")}");
                else
                    open.Pop();
            }
            else if (name != "!doctype")
            {
                open.Push((name, line));
            }
        }
        problems.AddRange(open.Select(e => $"<{e.Name}> of line {e.Line} is never closed"));

        Assert.That(problems, Is.Empty);
    }

    [GeneratedRegex(@"<(?<close>/)?(?<name>!?[a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
