using Sms.ServiceDefaults.Text;

namespace Sms.Ingress.Inbound;

/// <summary>One stored part of a concatenated SMS: its number (from 1), the provider's id and its text exactly as received.</summary>
public sealed record ConcatPart(int Number, string ProviderMessageId, string Text);

/// <summary>The parts of a concatenated SMS that can be joined now, and whether they are all of them.</summary>
/// <param name="Complete">Every part from 1 to <paramref name="Total"/> is here.</param>
/// <param name="Parts">The parts to join, one per number, in part order.</param>
/// <param name="Total">The number of parts the carrier announced.</param>
/// <param name="Missing">The part numbers not received.</param>
/// <param name="Text">The parts' texts joined in order, then kept as any carrier text is (<see cref="MessageText.FromCarrier"/>).</param>
/// <param name="TextRepaired">A character of the joined text had to be replaced (U+0000, an unpaired surrogate).</param>
public sealed record ConcatAssembly(
    bool Complete, IReadOnlyList<ConcatPart> Parts, int Total, IReadOnlyList<int> Missing, string Text, bool TextRepaired = false)
{
    /// <summary>The provider message id of the joined message: <c>concat:</c> and the parts' ids in part order.</summary>
    public string ProviderMessageId => "concat:" + string.Join(",", Parts.Select(p => p.ProviderMessageId));

    public IReadOnlyList<string> ProviderPartIds => [.. Parts.Select(p => p.ProviderMessageId)];
}

/// <summary>Decides what a set of received parts makes. Pure: no I/O, no clock.</summary>
public static class ConcatAssembler
{
    /// <summary>The largest <c>concat-total</c>: the user data header counts parts in one octet.</summary>
    public const int MaxParts = 255;

    /// <param name="total">The announced number of parts (1–<see cref="MaxParts"/>).</param>
    /// <param name="received">
    /// The parts as received, in arrival order, duplicates included. The first part received under a number wins
    /// (a provider retry carries the same part again); numbers outside 1..<paramref name="total"/> are ignored.
    /// </param>
    public static ConcatAssembly Assemble(int total, IEnumerable<ConcatPart> received)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(total, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(total, MaxParts);

        var byNumber = new SortedDictionary<int, ConcatPart>();
        foreach (var part in received)
        {
            if (part.Number >= 1 && part.Number <= total) byNumber.TryAdd(part.Number, part);
        }

        var parts = byNumber.Values.ToList();
        var missing = Enumerable.Range(1, total).Where(n => !byNumber.ContainsKey(n)).ToList();
        var text = Join(parts, out var repaired);
        return new ConcatAssembly(missing.Count == 0 && parts.Count > 0, parts, total, missing, text, repaired);
    }

    /// <summary>
    /// Joins the raw texts, then keeps the whole as any carrier text (<see cref="MessageText.FromCarrier"/>): a part may
    /// end in a space, so parts are never trimmed alone; a half surrogate pair left over (a missing part) becomes U+FFFD
    /// and U+0000 "@", rather than failing the message.
    /// </summary>
    public static string Join(IEnumerable<ConcatPart> parts) => Join(parts, out _);

    /// <inheritdoc cref="Join(IEnumerable{ConcatPart})"/>
    public static string Join(IEnumerable<ConcatPart> parts, out bool repaired) =>
        MessageText.FromCarrier(string.Concat(parts.Select(p => p.Text)), out repaired);
}
