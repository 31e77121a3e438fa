using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.State;

namespace Sms.CarrierSimulator.Tests.State;

public sealed class SentMessageStoreTests
{
    private static SentMessageStore Store(int capacity = 10_000) =>
        new(Microsoft.Extensions.Options.Options.Create(new SimulatorOptions { MaxStoredMessages = capacity }));

    private static SentMessage Message(string to, string text) =>
        new([Guid.NewGuid().ToString("N")], "15550100000", to, text, "text", null, DateTimeOffset.UnixEpoch, 1);

    [Test]
    public void Messages_are_listed_oldest_first()
    {
        var store = Store();
        store.Add(Message("447700900001", "first"));
        store.Add(Message("447700900002", "second"));
        store.Add(Message("447700900001", "third"));

        Assert.That(store.List().Select(m => m.Text), Is.EqualTo(new[] { "first", "second", "third" }));
    }

    [TestCase("447700900001")]
    [TestCase("+447700900001")]
    [TestCase(" +447700900001 ")]
    public void Filtering_by_number_ignores_a_leading_plus(string to)
    {
        var store = Store();
        store.Add(Message("447700900001", "first"));
        store.Add(Message("447700900002", "second"));
        store.Add(Message("447700900001", "third"));

        Assert.That(store.List(to).Select(m => m.Text), Is.EqualTo(new[] { "first", "third" }));
    }

    [TestCase(null)]
    [TestCase("")]
    public void No_filter_lists_everything(string? to)
    {
        var store = Store();
        store.Add(Message("447700900001", "first"));
        store.Add(Message("447700900002", "second"));

        Assert.That(store.List(to), Has.Count.EqualTo(2));
    }

    [Test]
    public void Only_the_last_capacity_messages_are_kept()
    {
        var store = Store(capacity: 3);
        foreach (var text in new[] { "1", "2", "3", "4", "5" })
            store.Add(Message("447700900001", text));

        Assert.That(store.List().Select(m => m.Text), Is.EqualTo(new[] { "3", "4", "5" }));
    }

    [Test]
    public void Clear_empties_the_store()
    {
        var store = Store();
        store.Add(Message("447700900001", "first"));

        store.Clear();

        Assert.That(store.List(), Is.Empty);
    }

    [Test]
    public void Concurrent_adds_lose_nothing_and_respect_the_cap()
    {
        var store = Store(capacity: 5_000);

        Parallel.For(0, 8_000, i => store.Add(Message("447700900001", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        var texts = store.List().Select(m => m.Text).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(texts, Has.Count.EqualTo(5_000));
            Assert.That(texts, Is.Unique);
        });
    }
}

public sealed class SimulatedAccountTests
{
    [Test]
    public void Each_part_is_charged_and_reported_with_the_balance_after_it()
    {
        var account = new SimulatedAccount();

        var balances = account.Charge(3);

        Assert.That(balances, Is.EqualTo(new[] { 99.9667m, 99.9334m, 99.9001m }));
    }

    [Test]
    public void The_balance_carries_on_between_sends()
    {
        var account = new SimulatedAccount();
        account.Charge(2);

        Assert.That(account.Charge(1), Is.EqualTo(new[] { 99.9001m }));
    }
}
