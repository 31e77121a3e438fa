namespace Sms.Router.Sessions;

/// <summary>
/// Typo tolerance: whether two words differ by at most one edit (a letter inserted, removed, replaced, or two neighbours
/// swapped), for words of <see cref="MinimumLength"/> letters or more. Shorter words are too close to each other
/// (<c>NO</c>/<c>SO</c>, <c>YES</c>/<c>YET</c>) to forgive anything. Pure.
/// </summary>
public static class EditDistance
{
    public const int MinimumLength = 4;

    /// <summary>True when both are words (letters only) of at least four letters, one edit or less apart.</summary>
    public static bool IsTypoOf(string reply, string word) =>
        reply.Length >= MinimumLength && word.Length >= MinimumLength
        && IsWord(reply) && IsWord(word)
        && AtMostOne(reply, word);

    /// <summary>Optimal string alignment distance of at most one (a swap of neighbours counts as one edit).</summary>
    public static bool AtMostOne(string a, string b)
    {
        if (a.Length < b.Length) (a, b) = (b, a);
        if (a.Length - b.Length > 1) return false;

        var first = 0;
        while (first < b.Length && a[first] == b[first]) first++;
        if (first == a.Length) return true; // equal

        if (a.Length == b.Length)
        {
            // One replacement, or two neighbours swapped.
            if (string.CompareOrdinal(a, first + 1, b, first + 1, a.Length - first - 1) == 0) return true;
            return first + 1 < a.Length
                && a[first] == b[first + 1] && a[first + 1] == b[first]
                && string.CompareOrdinal(a, first + 2, b, first + 2, a.Length - first - 2) == 0;
        }

        // a is one longer: skip a's letter at the first difference.
        return string.CompareOrdinal(a, first + 1, b, first, b.Length - first) == 0;
    }

    private static bool IsWord(string text) => text.All(char.IsLetter);
}
