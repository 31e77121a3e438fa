using Microsoft.Extensions.Options;
using Sms.Contracts.Inbound;
using Sms.Ingress.Data;
using Sms.Ingress.Extensions;
using Sms.Ingress.Publishing;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Telemetry;
using StackExchange.Redis;

namespace Sms.Ingress.Inbound;

/// <summary>What became of an inbound webhook, and so how it is answered.</summary>
public enum InboundOutcome
{
    /// <summary>Published now (for a part: the part completed its message, which is published). 204.</summary>
    Published,

    /// <summary>Published before; nothing published now. 204.</summary>
    Duplicate,

    /// <summary>A part of a concatenated message, stored until the rest arrive or the timeout passes. 204.</summary>
    PartStored,

    /// <summary>Nothing was accepted (broker or Redis unavailable, or the same message being published right now). 503, so the provider retries.</summary>
    RetryLater,
}

/// <summary>
/// Turns an authentic, parsed inbound SMS into exactly one <see cref="InboundSmsReceived"/>: single messages are
/// claimed in Redis before they are published (<see cref="ProviderMessageClaims"/>); parts of concatenated messages are
/// stored until their message is complete (<see cref="ConcatPartStore"/>, <see cref="ConcatAssembler"/>), or until
/// <see cref="Background.ConcatTimeoutService"/> sends the parts so far on, marked incomplete.
/// </summary>
public sealed class InboundSmsHandler(
    ProviderMessageClaims claims,
    ConcatPartStore parts,
    EdgePublisher publisher,
    TimeProvider clock,
    ILogger<InboundSmsHandler> logger)
{
    public async Task<InboundOutcome> HandleAsync(InboundSms inbound, CancellationToken cancellationToken)
    {
        try
        {
            if (inbound.ConcatenationProblem is { } problem)
                IngressLog.ConcatenationUnusable(logger, inbound.ProviderMessageId, problem);
            return inbound.Concatenation is { } part
                ? await HandlePartAsync(inbound, part, cancellationToken)
                : await PublishSingleAsync(inbound, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            IngressMetrics.PublishFailure(nameof(InboundSmsReceived), "redis_unavailable");
            IngressLog.RedisUnavailable(logger, e, inbound.ProviderMessageId);
            return InboundOutcome.RetryLater;
        }
    }

    private async Task<InboundOutcome> PublishSingleAsync(InboundSms inbound, CancellationToken cancellationToken)
    {
        var (outcome, claim) = await claims.TryClaimAsync(inbound.Provider, inbound.ProviderMessageId);
        if (outcome == ClaimOutcome.AlreadyPublished)
        {
            IngressLog.DuplicateInbound(logger, inbound.ProviderMessageId);
            return InboundOutcome.Duplicate;
        }
        if (outcome == ClaimOutcome.InProgress)
        {
            IngressLog.InboundBeingPublished(logger, inbound.ProviderMessageId);
            return InboundOutcome.RetryLater;
        }

        var message = inbound.ToMessage();
        if (!await PublishClaimedAsync(message, claim!, cancellationToken)) return InboundOutcome.RetryLater;

        IngressLog.InboundPublished(logger, inbound.ProviderMessageId, Redact.Phone(inbound.From), Redact.Phone(inbound.To),
            inbound.Text.Length, message.MessageId);
        if (inbound.TextRepaired) TextRepaired(message);
        return InboundOutcome.Published;
    }

    private async Task<InboundOutcome> HandlePartAsync(InboundSms inbound, ConcatenationInfo info, CancellationToken cancellationToken)
    {
        // A late retry of a part whose message was already published (the message's hash is gone by then).
        if (await claims.IsPublishedAsync(inbound.Provider, inbound.ProviderMessageId))
        {
            IngressLog.DuplicateInbound(logger, inbound.ProviderMessageId);
            return InboundOutcome.Duplicate;
        }

        var key = parts.KeyFor(inbound.Provider, inbound.From, inbound.To, info.Reference);
        var part = new ConcatPart(info.Part, inbound.ProviderMessageId, inbound.RawText);
        var now = clock.GetUtcNow();
        if (await parts.StoreAsync(key, inbound.Provider, inbound.From, inbound.To, info.Reference, info.Total, part, now)
            == PartStoreOutcome.Sealed)
        {
            IngressLog.InboundBeingPublished(logger, inbound.ProviderMessageId);
            return InboundOutcome.RetryLater;
        }

        var state = await parts.ReadAsync(key);
        if (state is null || !ConcatAssembler.Assemble(state.Total, state.Parts).Complete)
        {
            IngressLog.ConcatPartStored(logger, inbound.ProviderMessageId, info.Part, info.Total, state?.Parts.Count ?? 0, Redact.Phone(inbound.From));
            return InboundOutcome.PartStored;
        }

        return await PublishAssemblyAsync(key, now, cancellationToken) switch
        {
            AssemblyOutcome.Published => InboundOutcome.Published,
            AssemblyOutcome.Gone => InboundOutcome.Duplicate, // published by another request between our read and our seal
            _ => InboundOutcome.RetryLater,
        };
    }

    /// <summary>
    /// Publishes the parts of one concatenated message stored under <paramref name="key"/>: all of them when complete,
    /// else those received so far marked <see cref="InboundSmsReceived.Incomplete"/> (the timeout's case).
    /// </summary>
    public async Task<AssemblyOutcome> PublishAssemblyAsync(RedisKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (await parts.SealAsync(key, now))
        {
            case SealOutcome.Gone: return AssemblyOutcome.Gone;
            case SealOutcome.Busy: return AssemblyOutcome.Busy;
        }

        // Read after sealing: no part can be added from here on, so what is published is exactly what is removed.
        var state = await parts.ReadAsync(key);
        if (state is null || state.Parts.Count == 0)
        {
            await parts.ForgetAsync(key);
            return AssemblyOutcome.Gone;
        }

        var assembly = ConcatAssembler.Assemble(state.Total, state.Parts);
        var message = new InboundSmsReceived
        {
            MessageId = MessageIds.FromProvider(state.Provider, assembly.ProviderMessageId),
            Provider = state.Provider,
            ProviderMessageId = assembly.ProviderMessageId,
            From = state.From,
            To = state.To,
            Text = assembly.Text,
            ReceivedAt = now,
            Incomplete = !assembly.Complete,
            PartCount = assembly.Parts.Count,
            ExpectedPartCount = assembly.Total,
            ProviderPartIds = assembly.ProviderPartIds,
        };

        var (outcome, claim) = await claims.TryClaimAsync(state.Provider, assembly.ProviderMessageId);
        if (outcome == ClaimOutcome.InProgress)
        {
            await parts.UnsealAsync(key);
            return AssemblyOutcome.Busy;
        }
        if (outcome == ClaimOutcome.Claimed && !await PublishClaimedAsync(message, claim!, cancellationToken))
        {
            await parts.UnsealAsync(key);
            return AssemblyOutcome.Failed;
        }

        // Published now, or before by a process that died before it could remove the parts: remove them now.
        await parts.FinishAsync(key, state.Parts.Select(p => claims.KeyFor(state.Provider, p.ProviderMessageId)));
        if (outcome == ClaimOutcome.Claimed)
        {
            if (assembly.TextRepaired) TextRepaired(message);
            IngressLog.ConcatenatedPublished(logger, message.MessageId, assembly.Parts.Count, assembly.Total, message.Incomplete,
                Redact.Phone(state.From), Redact.Phone(state.To), message.Text.Length);
        }
        return AssemblyOutcome.Published;
    }

    /// <summary>A published text had a character replaced (<see cref="ServiceDefaults.Text.MessageText.FromCarrier"/>): counted and logged, without the text.</summary>
    private void TextRepaired(InboundSmsReceived message)
    {
        IngressMetrics.TextRepaired(message.Provider);
        IngressLog.TextRepaired(logger, message.MessageId, message.Provider);
    }

    /// <summary>Publishes under a claim: marked published on success, released on failure.</summary>
    private async Task<bool> PublishClaimedAsync(InboundSmsReceived message, ProviderMessageClaim claim, CancellationToken cancellationToken)
    {
        if (!await publisher.TryPublishAsync(message, message.MessageId, cancellationToken))
        {
            try
            {
                await claims.ReleaseAsync(claim);
            }
            catch (Exception e) when (e is RedisException or RedisTimeoutException)
            {
                // The claim lapses on its own after PublishingClaimTimeToLive; the retry publishes then.
                IngressLog.ClaimNotReleased(logger, e, message.ProviderMessageId);
            }
            return false;
        }

        try
        {
            await claims.MarkPublishedAsync(claim);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            // The broker has it, so the answer is still 2xx (no retry follows). Only a retry after the claim lapses
            // could publish it again, with the same MessageId, which consumers de-duplicate on.
            IngressLog.PublishedNotRemembered(logger, e, message.ProviderMessageId);
        }
        return true;
    }
}

/// <summary>What became of an attempt to publish a concatenated message.</summary>
public enum AssemblyOutcome
{
    Published,

    /// <summary>Its parts are gone: published and removed by someone else.</summary>
    Gone,

    /// <summary>Someone else is publishing it right now.</summary>
    Busy,

    /// <summary>The broker did not take it; the parts stay for a later attempt.</summary>
    Failed,
}
