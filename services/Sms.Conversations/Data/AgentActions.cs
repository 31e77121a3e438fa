using Dapper;
using Npgsql;
using Sms.Contracts.Outbound;
using Sms.Conversations.Threads;
using static Sms.Conversations.Data.ConversationSql;

namespace Sms.Conversations.Data;

/// <summary>What an inbox action found.</summary>
public enum ActionOutcome
{
    Done,
    NotFound,

    /// <summary>The assignee named is no agent, or a disabled one.</summary>
    UnknownAgent,

    /// <summary>The team named is not configured.</summary>
    UnknownTeam,
}

/// <summary>
/// What agents do in the inbox: flag, label and read a conversation, reply in it, and edit a contact (assign, resolve,
/// reopen and return to the automation change its owner: <see cref="ConversationHandoff"/>). Each is one transaction that adds to the change feed; one that changes a conversation also recomputes
/// its SLA clock.
/// </summary>
public sealed class AgentActions(NpgsqlDataSource dataSource, InboxQueries queries, ConversationHandoff handoff)
{
    /// <summary>
    /// An agent's reply, before Compliance decides it: shown at once as <c>pending</c>. Stored under the id the
    /// <c>SendSms</c> carries, so its SmsSent / SmsSuppressed completes this row, and the <c>SendSms</c> itself goes to the
    /// outbox in the same transaction (<see cref="Outbox"/>): a reply is published as surely as it is shown, even when
    /// the broker is away at the moment the agent presses Send, so none stays <c>pending</c> for ever. An agent has
    /// answered: a conversation waiting on an agent is open again, and its SLA clock stops until the customer writes again.
    /// </summary>
    public async Task RecordPendingReplyAsync(Guid conversationId, SendSms request, string sentBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await LockAsync(connection, transaction, request.MessageId, [], cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.messages
                (message_id, conversation_id, direction, customer_number, business_number, text, category, origin,
                 status, in_reply_to, sent_by, created_at)
            VALUES (@MessageId, @ConversationId, 'outbound', @To, @From, @Text, @Category, 'agent',
                    'pending', @InReplyTo, @SentBy, @At)
            ON CONFLICT (message_id) DO NOTHING
            """,
            new
            {
                request.MessageId, ConversationId = conversationId, request.To, request.From, request.Text,
                Category = StoredNames.Of(request.Category), request.InReplyTo, SentBy = sentBy, At = Utc(at),
            },
            transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
            return;
        if (request.Media?.AttachmentId is { } attachmentId)
            await AttachmentStore.JoinReplyAsync(connection, transaction, attachmentId, request.MessageId, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE conversations.conversations
            SET last_message_at = GREATEST(last_message_at, @At), updated_at = now()
            WHERE id = @ConversationId
            """, new { ConversationId = conversationId, At = Utc(at) }, transaction, cancellationToken: cancellationToken));
        await RecordMessageEventAsync(connection, transaction, request.MessageId, MessageStatuses.Pending, null, at, cancellationToken);
        // Status and owner by the rules (an agent who writes takes the conversation); they also recompute the SLA clock.
        await handoff.AgentRepliedAsync(connection, transaction, conversationId, sentBy, at, cancellationToken);
        await ChangedAsync(connection, transaction, conversationId, request.MessageId, cancellationToken, ChangeKinds.Message);
        await Outbox.AddAsync(connection, transaction, request, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Sets the contact's name and/or attributes (a null argument leaves that part as it is).</summary>
    public async Task<ContactRow> UpdateContactAsync(string number, string? name, string? attributesJson, CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await EnsureContactAsync(connection, transaction, number, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE conversations.contacts
                SET name = COALESCE(@Name, name), attributes = COALESCE(@Attributes::jsonb, attributes), updated_at = now()
                WHERE number = @Number
                """, new { Number = number, Name = name, Attributes = attributesJson }, transaction, cancellationToken: cancellationToken));
            var conversations = await connection.QueryAsync<Guid>(new CommandDefinition(
                "SELECT id FROM conversations.conversations WHERE customer_number = @Number",
                new { Number = number }, transaction, cancellationToken: cancellationToken));
            foreach (var id in conversations)
                await ChangedAsync(connection, transaction, id, null, cancellationToken, ChangeKinds.Conversation);
            await transaction.CommitAsync(cancellationToken);
        }
        return await queries.GetContactAsync(number, cancellationToken);
    }

    public async Task<ActionOutcome> FlagAsync(Guid id, bool flagged, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await UpdateConversationAsync(connection, id, "flagged = @Flagged", new { Flagged = flagged }, cancellationToken);
    }

    public async Task<ActionOutcome> ChangeLabelsAsync(Guid id, IReadOnlyList<string> add, IReadOnlyList<string> remove, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await UpdateConversationAsync(connection, id,
            "labels = ARRAY(SELECT DISTINCT l FROM unnest(labels || @Add::text[]) AS l WHERE l <> ALL(@Remove::text[]) ORDER BY l)",
            new { Add = add.ToArray(), Remove = remove.ToArray() }, cancellationToken);
    }

    public async Task<ActionOutcome> MarkReadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await UpdateConversationAsync(connection, id, "unread_count = 0", new { }, cancellationToken);
    }

    private static async Task<ActionOutcome> UpdateConversationAsync(
        NpgsqlConnection connection, Guid id, string set, object parameters, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var arguments = new DynamicParameters(parameters);
        arguments.Add("Id", id);
        var found = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE conversations.conversations SET {set}, updated_at = now() WHERE id = @Id",
            arguments, transaction, cancellationToken: cancellationToken));
        if (found == 0)
            return ActionOutcome.NotFound;
        await RecomputeWaitingSinceAsync(connection, transaction, id, cancellationToken);
        await ChangedAsync(connection, transaction, id, null, cancellationToken, ChangeKinds.Conversation);
        await transaction.CommitAsync(cancellationToken);
        return ActionOutcome.Done;
    }

    /// <summary>
    /// A low satisfaction score (<c>Csat/CsatSurveys.IsLow</c>): flagged, and reopened to people (its team and agent:
    /// <see cref="ConversationHandoff.ReopenInTransactionAsync"/>) in the caller's transaction, so the score and what it
    /// does are stored together.
    /// </summary>
    internal static async Task ReopenFlaggedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE conversations.conversations SET flagged = true, updated_at = now() WHERE id = @Id",
            new { Id = id }, transaction, cancellationToken: cancellationToken));
        await ConversationHandoff.ReopenInTransactionAsync(connection, transaction, id, at, cancellationToken);
    }
}
