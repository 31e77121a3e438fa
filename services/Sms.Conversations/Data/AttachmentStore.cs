using Dapper;
using Npgsql;
using Sms.Contracts.Inbound;
using Sms.ServiceDefaults.Messaging;
using static Sms.Conversations.Data.ConversationSql;

namespace Sms.Conversations.Data;

/// <summary>An attachment as the thread lists it (no content).</summary>
public sealed class AttachmentRow
{
    public Guid Id { get; init; }
    public Guid? MessageId { get; init; }
    public int Position { get; init; }
    public required string Direction { get; init; }
    public required string Status { get; init; }
    public string? ContentType { get; init; }
    public string? FileName { get; init; }
    public int? SizeBytes { get; init; }
}

/// <summary>An attachment with its content, as <c>GET /v1/attachments/{id}</c> serves it.</summary>
public sealed class AttachmentContent
{
    public Guid Id { get; init; }
    public Guid? MessageId { get; init; }
    public required string Direction { get; init; }
    public required string Status { get; init; }
    public string? ContentType { get; init; }
    public string? FileName { get; init; }
    public byte[]? Content { get; init; }
}

/// <summary>A customer's media due to be fetched from its carrier.</summary>
public sealed record DueMedia(Guid Id, string Provider, string SourceUrl, string? AnnouncedContentType, int Attempts);

/// <summary>
/// The pictures and files of messages (<c>conversations.attachments</c>): a customer's media recorded with its
/// message and then fetched (<see cref="Background.AttachmentFetcher"/>), and an agent's upload joined to its reply.
/// </summary>
public sealed class AttachmentStore(NpgsqlDataSource dataSource)
{
    /// <summary>The id of a customer's media: derived from the message and its position, so a redelivery adds nothing.</summary>
    public static Guid InboundId(Guid messageId, int position) => MessageIds.Derive(messageId, $"attachment:{position}");

    /// <summary>Records a customer's media as pending, in the transaction that stores its message.</summary>
    internal static async Task AddInboundAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, InboundSmsReceived message, CancellationToken cancellationToken)
    {
        if (message.Media is not { Count: > 0 } media) return;
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.attachments
                (id, message_id, position, direction, status, provider, source_url, announced_content_type)
            SELECT id, @MessageId, position, 'inbound', 'pending', provider, url, type
            FROM unnest(@Ids, @Positions, @Providers, @Urls, @Types) AS m(id, position, provider, url, type)
            ON CONFLICT (id) DO NOTHING
            """,
            new
            {
                message.MessageId,
                Ids = media.Select((_, i) => InboundId(message.MessageId, i)).ToArray(),
                Positions = media.Select((_, i) => i).ToArray(),
                Providers = media.Select(m => m.Provider).ToArray(),
                Urls = media.Select(m => m.Url).ToArray(),
                Types = media.Select(m => m.ContentType).ToArray(),
            },
            transaction, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Takes up to <paramref name="take"/> media due for a fetch, counting the attempt and holding them for
    /// <paramref name="lease"/> (another instance, or this one after a crash, takes them again after it).
    /// </summary>
    public async Task<IReadOnlyList<DueMedia>> ClaimDueAsync(int take, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<DueMedia>(new CommandDefinition("""
            UPDATE conversations.attachments a
            SET attempts = a.attempts + 1, next_attempt_at = now() + @Lease, updated_at = now()
            WHERE a.id IN (
                SELECT id FROM conversations.attachments
                WHERE status = 'pending' AND next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT @Take
                FOR UPDATE SKIP LOCKED)
            RETURNING a.id AS Id, a.provider AS Provider, a.source_url AS SourceUrl, a.announced_content_type AS AnnouncedContentType, a.attempts AS Attempts
            """, new { Take = take, Lease = lease }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Keeps the fetched content; the thread shows it at once (a change of its message).</summary>
    public Task StoreFetchedAsync(Guid id, string contentType, byte[] content, CancellationToken cancellationToken) =>
        FinishAsync(id, """
            UPDATE conversations.attachments
            SET status = 'stored', content_type = @ContentType, file_name = @FileName, size_bytes = @Size, content = @Content,
                last_error = NULL, updated_at = now()
            WHERE id = @Id AND status = 'pending'
            RETURNING message_id
            """, new
            {
                Id = id, ContentType = contentType, FileName = Attachments.MediaCheck.FileName(id, contentType), Size = content.Length, Content = content,
            }, cancellationToken);

    /// <summary>A failed fetch: tried again at <paramref name="retryAt"/>, or given up ("attachment unavailable") when null.</summary>
    public Task FetchFailedAsync(Guid id, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken) =>
        FinishAsync(id, """
            UPDATE conversations.attachments
            SET status = CASE WHEN @RetryAt::timestamptz IS NULL THEN 'unavailable' ELSE 'pending' END,
                next_attempt_at = COALESCE(@RetryAt::timestamptz, next_attempt_at), last_error = @Error, updated_at = now()
            WHERE id = @Id AND status = 'pending'
            RETURNING message_id
            """, new { Id = id, Error = error, RetryAt = retryAt?.ToUniversalTime() }, cancellationToken);

    private async Task FinishAsync(Guid id, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var messageId = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        var conversationId = messageId is { } m
            ? await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
                "SELECT conversation_id FROM conversations.messages WHERE message_id = @Id", new { Id = m }, transaction, cancellationToken: cancellationToken))
            : null;
        if (conversationId is { } c)
            await ChangedAsync(connection, transaction, c, messageId, cancellationToken, ChangeKinds.Message);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>An agent's picture, kept before its reply is sent; returns its id.</summary>
    public async Task<Guid> UploadAsync(string contentType, byte[] content, string uploadedBy, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.attachments
                (id, direction, status, content_type, file_name, size_bytes, content, uploaded_by)
            VALUES (@Id, 'outbound', 'stored', @ContentType, @FileName, @Size, @Content, @UploadedBy)
            """,
            new { Id = id, ContentType = contentType, FileName = Attachments.MediaCheck.FileName(id, contentType), Size = content.Length, Content = content, UploadedBy = uploadedBy },
            cancellationToken: cancellationToken));
        return id;
    }

    /// <summary>Joins an uploaded picture to the reply that sends it, in the reply's transaction; false when it was already sent with another.</summary>
    internal static async Task<bool> JoinReplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid attachmentId, Guid messageId, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE conversations.attachments SET message_id = @MessageId, updated_at = now()
            WHERE id = @Id AND direction = 'outbound' AND (message_id IS NULL OR message_id = @MessageId)
            """, new { Id = attachmentId, MessageId = messageId }, transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<AttachmentContent?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AttachmentContent>(new CommandDefinition("""
            SELECT id, message_id AS MessageId, direction, status, content_type AS ContentType, file_name AS FileName, content
            FROM conversations.attachments WHERE id = @Id
            """, new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>The attachments of these messages, by message then position.</summary>
    internal static async Task<IReadOnlyList<AttachmentRow>> ForMessagesAsync(
        NpgsqlConnection connection, IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken) =>
        messageIds.Count == 0
            ? []
            : (await connection.QueryAsync<AttachmentRow>(new CommandDefinition("""
                SELECT id, message_id AS MessageId, position, direction, status, content_type AS ContentType,
                       file_name AS FileName, size_bytes AS SizeBytes
                FROM conversations.attachments WHERE message_id = ANY(@Ids)
                ORDER BY message_id, position
                """, new { Ids = messageIds.ToArray() }, cancellationToken: cancellationToken))).AsList();
}
