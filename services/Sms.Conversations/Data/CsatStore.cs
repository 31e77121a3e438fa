using Dapper;
using Npgsql;
using Sms.Conversations.Csat;
using static Sms.Conversations.Data.ConversationSql;

namespace Sms.Conversations.Data;

/// <summary>What storing a customer's score did.</summary>
public enum CsatOutcome
{
    Stored,

    /// <summary>A score for this survey is stored already (a redelivery): nothing changed.</summary>
    AlreadyStored,

    /// <summary>The conversation the survey names does not exist (here).</summary>
    NoConversation,
}

/// <summary>
/// The satisfaction surveys' reads and writes (decisions in <see cref="CsatSurveys"/>; tables in
/// <c>V0012__csat.sql</c>). A survey asked is the <c>conversations.prompts</c> row its <c>SmsSent</c> leaves; the
/// customer's score is stored here, once per survey.
/// </summary>
public sealed class CsatStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Stores the score once per survey and, in the same transaction, shows it on the conversation (the latest
    /// answered) and acts on it: a low score reopens and flags the conversation
    /// (<see cref="AgentActions.ReopenFlaggedAsync"/>); any other score resolves it again when the reply itself was all
    /// that reopened it (a customer's message reopens a resolved conversation, and the answer to a survey is one).
    /// </summary>
    public async Task<CsatOutcome> RecordAsync(CsatAnswer answer, bool low, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new
        {
            answer.PromptMessageId, answer.ConversationId, answer.InboundMessageId, Score = (short)answer.Score, answer.Agent,
            AnsweredAt = Utc(answer.AnsweredAt),
        };
        // The conversation's row first, so a customer's message or an agent's action on it waits for this transaction.
        var exists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM conversations.conversations WHERE id = @ConversationId FOR NO KEY UPDATE)
            """, parameters, transaction, cancellationToken: cancellationToken));
        if (!exists)
            return CsatOutcome.NoConversation;
        var stored = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.csat_responses
                (prompt_message_id, conversation_id, inbound_message_id, score, agent, asked_at, answered_at)
            VALUES (@PromptMessageId, @ConversationId, @InboundMessageId, @Score, @Agent,
                    (SELECT p.sent_at FROM conversations.prompts p WHERE p.prompt_message_id = @PromptMessageId), @AnsweredAt)
            ON CONFLICT (prompt_message_id) DO NOTHING
            """, parameters, transaction, cancellationToken: cancellationToken));
        if (stored == 0)
            return CsatOutcome.AlreadyStored;

        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE conversations.conversations SET csat_score = @Score, csat_answered_at = @AnsweredAt, updated_at = now()
            WHERE id = @ConversationId AND (csat_answered_at IS NULL OR csat_answered_at <= @AnsweredAt)
            """, parameters, transaction, cancellationToken: cancellationToken));
        if (low)
        {
            await AgentActions.ReopenFlaggedAsync(connection, transaction, answer.ConversationId, answer.AnsweredAt, cancellationToken);
        }
        else
        {
            // Open again with nothing new from the customer but this answer (not escalated: that would be waiting on
            // an agent; not reopened to people by an agent): resolved, as the agent left it.
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE conversations.conversations c SET status = 'resolved', waiting_since = NULL, updated_at = now()
                WHERE c.id = @ConversationId AND c.status = 'open' AND c.owner = 'automation' AND c.resolved_seq IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM conversations.messages m
                                  WHERE m.conversation_id = c.id AND m.direction = 'inbound' AND m.text IS NOT NULL
                                    AND m.seq > c.resolved_seq AND m.message_id <> @InboundMessageId)
                """, parameters, transaction, cancellationToken: cancellationToken));
        }
        await ChangedAsync(connection, transaction, answer.ConversationId, null, cancellationToken, ChangeKinds.Conversation);
        await transaction.CommitAsync(cancellationToken);
        return CsatOutcome.Stored;
    }
}
