using Dapper;
using Sms.Conversations.Data;
using Sms.Conversations.Http;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Data;

/// <summary>
/// The two ways the list searches (<see cref="InboxQueries.SearchShape"/>), chosen by how common the text is,
/// must find the same conversations in the same order; only their speed differs.
/// </summary>
public sealed class SearchShapeTests
{
    private ConversationData _data = null!;

    [OneTimeSetUp]
    public async Task ConnectAsync() => _data = await ConversationData.OpenAsync();

    [Test]
    public async Task Both_shapes_find_the_same_conversations_by_message_text_contact_name_and_number()
    {
        var token = "zq" + Guid.NewGuid().ToString("N")[..10];
        var older = Events.ForNewCustomer();
        var named = Events.ForNewCustomer();
        var newer = Events.ForNewCustomer();
        var unrelated = Events.ForNewCustomer();
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-10);
        await _data.Projection.RecordInboundAsync(older.Inbound($"Where is parcel {token}?", t0), CancellationToken.None);
        await _data.Projection.RecordInboundAsync(named.Inbound("Hello", t0.AddMinutes(1)), CancellationToken.None);
        await _data.Actions.UpdateContactAsync(named.Customer, $"Ada {token}-Lovelace", null, CancellationToken.None);
        await _data.Projection.RecordInboundAsync(newer.Inbound($"PARCEL {token.ToUpperInvariant()} arrived", t0.AddMinutes(2)), CancellationToken.None);
        await _data.Projection.RecordInboundAsync(unrelated.Inbound("Nothing to see", t0.AddMinutes(3)), CancellationToken.None);

        var byText = await BothAsync(token);
        var byNumber = await BothAsync(named.Customer[^7..]);
        var noMatch = await BothAsync(token + "-absent");

        Assert.Multiple(() =>
        {
            Assert.That(byText.Rare, Is.EqualTo(new[] { newer.Customer, named.Customer, older.Customer }), "newest first");
            Assert.That(byText.Common, Is.EqualTo(byText.Rare));
            Assert.That(byNumber.Rare, Is.EqualTo(new[] { named.Customer }));
            Assert.That(byNumber.Common, Is.EqualTo(byNumber.Rare));
            Assert.That(noMatch.Rare, Is.Empty);
            Assert.That(noMatch.Common, Is.Empty);
        });
    }

    private async Task<(IReadOnlyList<string> Rare, IReadOnlyList<string> Common)> BothAsync(string search)
    {
        var query = new ConversationListQuery(null, 50, null) { Search = search };
        return (await RunAsync(query, InboxQueries.SearchShape.RareText), await RunAsync(query, InboxQueries.SearchShape.CommonText));
    }

    private async Task<IReadOnlyList<string>> RunAsync(ConversationListQuery query, InboxQueries.SearchShape shape)
    {
        var (sql, parameters) = InboxQueries.ListCommand(query, shape);
        await using var connection = await _data.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<ConversationRow>(sql, parameters)).Select(r => r.CustomerNumber).ToList();
    }
}
