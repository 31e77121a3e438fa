using Npgsql;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Conversations.Data;

/// <summary>How the event writes meet their transactions: one event alone, or a batch of events of one kind together.</summary>
public sealed partial class ConversationStore
{
    /// <summary>Writes one event inside a transaction its caller owns; false when the event was stored already.</summary>
    private delegate Task<bool> EventWrite<in T>(
        NpgsqlConnection connection, NpgsqlTransaction transaction, T @event, CancellationToken cancellationToken);

    /// <summary>One event, one transaction.</summary>
    private async Task<bool> InTransactionAsync<T>(T @event, EventWrite<T> write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var changed = await write(connection, transaction, @event, cancellationToken);
        if (changed)
            await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>
    /// Writes a batch of events of one kind in one transaction: one connection, one commit (one WAL flush) and no
    /// per-event round trips to begin and end, which is most of what a small write costs PostgreSQL. Returns, in the
    /// order given, whether each event changed anything (false: stored already, also when the same event is in the
    /// batch twice).
    /// <para>
    /// The events are written in the order of their customer's number. Each event locks only rows of its own customer
    /// (the conversation, the contact, the messages, their advisory locks), so two batches running at once, of the same
    /// or of different kinds, take their locks in the same order and cannot deadlock.
    /// </para>
    /// <para>
    /// When the batch's transaction fails for another reason than an outage (<see cref="DependencyOutage"/>: then the
    /// whole batch waits it out), every event is written again at once in a transaction of its own, so one event that
    /// cannot be stored does not hold back the others: they are stored, and <see cref="EventsNotStoredException"/> says
    /// which events were not, for the consumer to settle the others and leave only those to its retries and, in the
    /// end, the error queue.
    /// </para>
    /// </summary>
    private async Task<IReadOnlyList<bool>> InOneTransactionAsync<T>(
        IReadOnlyList<T> events, Func<T, string> customerNumber, EventWrite<T> write, CancellationToken cancellationToken)
    {
        var changed = new bool[events.Count];
        var order = Enumerable.Range(0, events.Count)
            .OrderBy(i => customerNumber(events[i]), StringComparer.Ordinal)
            .ToList();
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var i in order)
                changed[i] = await write(connection, transaction, events[i], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return changed;
        }
        catch (Exception e) when (events.Count > 1 && !cancellationToken.IsCancellationRequested && !DependencyOutage.Is(e))
        {
            Exception? first = null;
            var failed = new List<int>();
            foreach (var i in order)
            {
                try
                {
                    changed[i] = await InTransactionAsync(events[i], write, cancellationToken);
                }
                catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
                {
                    first ??= failure;
                    failed.Add(i);
                }
            }
            if (first is not null)
                throw new EventsNotStoredException(failed.Order().ToList(), changed, first);
            return changed;
        }
    }
}

/// <summary>
/// Some events of a batch could not be stored (<see cref="Failed"/>, their positions in the batch); every other one
/// was (<see cref="Changed"/> says which of them changed anything). The inner exception is the first failure.
/// </summary>
public sealed class EventsNotStoredException(IReadOnlyList<int> failed, IReadOnlyList<bool> changed, Exception first)
    : Exception($"{failed.Count} event(s) of a batch could not be stored: {first.Message}", first)
{
    public IReadOnlyList<int> Failed { get; } = failed;

    public IReadOnlyList<bool> Changed { get; } = changed;
}
