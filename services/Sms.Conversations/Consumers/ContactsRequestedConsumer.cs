using MassTransit;
using Sms.Contracts.Conversations;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Messaging.Watchdog;

namespace Sms.Conversations.Consumers;

/// <summary>
/// A service that projects contacts (Campaigns) started with none: every contact is published as a
/// <see cref="ContactChanged"/>, <see cref="PageSize"/> at a time. Through the bus rather than the consume context: the
/// in-memory outbox would hold every contact in memory until the last page; a redelivery after a failure publishes
/// them again, which a projection that keeps the highest version takes as nothing new.
/// </summary>
public sealed class ContactsRequestedConsumer(ContactFeed contacts, IBus bus, BusActivity activity, ILogger<ContactsRequestedConsumer> logger)
    : IConsumer<ContactsRequested>
{
    /// <summary>Contacts read and published per round.</summary>
    public const int PageSize = 500;

    public async Task Consume(ConsumeContext<ContactsRequested> context)
    {
        var cancellationToken = context.CancellationToken;
        var published = 0;
        string? after = null;
        IReadOnlyList<ContactChanged> page;
        do
        {
            page = await contacts.PageAsync(after, PageSize, cancellationToken);
            await Task.WhenAll(page.Select(contact => activity.TrackPublishAsync(bus, contact, cancellationToken)));
            published += page.Count;
            after = page.Count > 0 ? page[^1].Number : after;
        }
        while (page.Count == PageSize);
        logger.ContactsPublished(published, context.Message.RequestedBy);
    }
}
