using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Notifications;

/// <summary>
/// Emails a rule's notifications through <see cref="NotificationOptions.Smtp"/>: one plain-text message to all the
/// rule's addresses, a connection per message (batches are minutes apart). A recipient the server refuses is logged and
/// left out; what that means for the notifications is <see cref="EscalationNotifications.EmailOutcome"/>.
/// </summary>
public sealed partial class EscalationMailer(IOptionsMonitor<NotificationOptions> options, ILogger<EscalationMailer> logger)
{
    /// <summary>Per SMTP command, as the webhook's HTTP timeout: a claim (one minute) outlives the exchange.</summary>
    private const int TimeoutMilliseconds = 10_000;

    public async Task<NotificationOutcome> SendAsync(NotificationRule rule, string subject, string body, int count, CancellationToken cancellationToken)
    {
        var smtp = options.CurrentValue.Smtp;
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = body } };
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.AddRange(rule.Email.Select(MailboxAddress.Parse));

        using var client = new RefusalRecordingSmtpClient { Timeout = TimeoutMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, SocketOptions(smtp.Security), cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (NoRecipientAcceptedException)
            {
                // Every refusal is logged below; the outcome says whether to try again.
            }
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is CommandException or ProtocolException or AuthenticationException or SslHandshakeException
                                   or NotSupportedException or SocketException or IOException or TimeoutException
                                   || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A refusal of the sender or of the message itself, a failed sign-in, a server without STARTTLS or one out of
            // reach: each may be put right (by the mail server's operator, or by fixing the configuration and
            // restarting), so tried again, as a webhook's failures are.
            MailFailed(logger, rule.Name, e.Message);
            return NotificationOutcome.Retry;
        }

        foreach (var (mailbox, status, response) in client.Refusals)
            RecipientRefused(logger, rule.Name, mailbox, status, response);
        var outcome = EscalationNotifications.EmailOutcome(message.To.Count, client.Refusals.Select(r => r.Status).ToList());
        switch (outcome)
        {
            case NotificationOutcome.Sent:
                Mailed(logger, count, rule.Name, message.To.Count - client.Refusals.Count);
                break;
            case NotificationOutcome.GivenUp:
                GivenUp(logger, count, rule.Name);
                break;
        }
        return outcome;
    }

    private static SecureSocketOptions SocketOptions(string security) => security.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>
    /// MailKit's client, except that a refused recipient is recorded instead of failing the whole message: the others
    /// still get it. With none accepted it throws <see cref="NoRecipientAcceptedException"/>, as MailKit asks.
    /// </summary>
    private sealed class RefusalRecordingSmtpClient : SmtpClient
    {
        public List<(string Mailbox, int Status, string Response)> Refusals { get; } = [];

        protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
            Refusals.Add((mailbox.Address, (int)response.StatusCode, response.Response));

        protected override void OnNoRecipientsAccepted(MimeMessage message) => throw new NoRecipientAcceptedException();
    }

    private sealed class NoRecipientAcceptedException : Exception;

    [LoggerMessage(EventId = 5534, Level = LogLevel.Information, Message = "{Count} escalation notification(s) of rule {Rule} emailed to {Recipients} recipient(s)")]
    private static partial void Mailed(ILogger logger, int count, string rule, int recipients);

    [LoggerMessage(EventId = 5535, Level = LogLevel.Warning, Message = "Notification rule {Rule}: the mail server refused recipient {Recipient} ({Status} {Response})")]
    private static partial void RecipientRefused(ILogger logger, string rule, string recipient, int status, string response);

    [LoggerMessage(EventId = 5536, Level = LogLevel.Warning, Message = "Notification rule {Rule}: the email could not be sent ({Error}); trying again later")]
    private static partial void MailFailed(ILogger logger, string rule, string error);

    [LoggerMessage(EventId = 5537, Level = LogLevel.Error, Message = "Notification rule {Rule}: every recipient was refused for good; {Count} escalation notification(s) given up, not tried again")]
    private static partial void GivenUp(ILogger logger, int count, string rule);
}
