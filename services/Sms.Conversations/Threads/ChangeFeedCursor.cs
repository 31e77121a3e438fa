namespace Sms.Conversations.Threads;

/// <summary>A row of the change feed as read: its position, and whether it was written long enough ago to be settled.</summary>
public readonly record struct FeedPosition(long Position, bool Settled);

/// <summary>
/// Which change-feed rows a reader may deliver, in position order, without ever skipping one for good.
/// <para>Positions come from an identity column: a writer takes its number when it inserts, but its row becomes visible
/// only when its transaction commits, so a reader can see 12 before 11. Delivering 12 and moving on would lose 11.
/// So the reader stops at the first gap, unless the row after the gap is <see cref="FeedPosition.Settled"/> (written
/// seconds ago): then the missing number belongs to a transaction that rolled back (identity numbers are never reused),
/// and the gap is passed. Writers' transactions here last milliseconds, so a few seconds is ample.</para>
/// </summary>
public static class ChangeFeedCursor
{
    /// <summary>
    /// Where a reader that asked to resume after <paramref name="requested"/> starts, given that every position up to
    /// <paramref name="prunedThrough"/> may be gone: from where it asked when nothing it missed was pruned; else from the
    /// pruned mark, told to reload (<c>Reset</c>), since the gap holds changes it never saw, not rolled-back writes.
    /// </summary>
    public static (long After, bool Reset) Resume(long requested, long prunedThrough) =>
        requested < prunedThrough ? (prunedThrough, true) : (requested, false);

    /// <summary>The rows after <paramref name="last"/> that can be delivered now (a prefix of <paramref name="rows"/>).</summary>
    public static IReadOnlyList<FeedPosition> Deliverable(long last, IEnumerable<FeedPosition> rows)
    {
        var result = new List<FeedPosition>();
        var expected = last + 1;
        foreach (var row in rows.OrderBy(r => r.Position))
        {
            if (row.Position < expected)
                continue;
            if (row.Position > expected && !row.Settled)
                break;
            result.Add(row);
            expected = row.Position + 1;
        }
        return result;
    }
}
