using System.Text.Json;
using Sms.CarrierSimulator.State;

namespace Sms.CarrierSimulator.Tests.State;

public sealed class FaultBookTests
{
    [Test]
    public void A_fault_answers_exactly_its_number_of_times_then_sends_succeed_again()
    {
        var book = new FaultBook();
        book.Set(new Fault("15550100001", 1, 2));

        Assert.Multiple(() =>
        {
            Assert.That(book.TryTake("15550100001"), Is.EqualTo(1));
            Assert.That(book.TryTake("15550100001"), Is.EqualTo(1));
            Assert.That(book.TryTake("15550100001"), Is.Null);
        });
    }

    [Test]
    public void A_fault_applies_only_to_its_own_number()
    {
        var book = new FaultBook();
        book.Set(new Fault("15550100001", 5, 1));

        Assert.Multiple(() =>
        {
            Assert.That(book.TryTake("15550100002"), Is.Null);
            Assert.That(book.List(), Has.Count.EqualTo(1));
        });
    }

    [TestCase("+15550100001", "15550100001")]
    [TestCase("15550100001", "+15550100001")]
    public void Numbers_match_with_or_without_plus(string setFor, string sentTo)
    {
        var book = new FaultBook();
        book.Set(new Fault(setFor, 7, 1));

        Assert.That(book.TryTake(sentTo), Is.EqualTo(7));
    }

    [Test]
    public void Setting_a_fault_again_replaces_the_previous_one()
    {
        var book = new FaultBook();
        book.Set(new Fault("15550100001", 1, 5));
        book.Set(new Fault("15550100001", 9, 1));

        Assert.Multiple(() =>
        {
            Assert.That(book.TryTake("15550100001"), Is.EqualTo(9));
            Assert.That(book.TryTake("15550100001"), Is.Null);
        });
    }

    [Test]
    public void Clear_removes_every_fault()
    {
        var book = new FaultBook();
        book.Set(new Fault("15550100001", 1, 5));
        book.Set(new Fault("15550100002", 1, 5));

        book.Clear();

        Assert.Multiple(() =>
        {
            Assert.That(book.TryTake("15550100001"), Is.Null);
            Assert.That(book.List(), Is.Empty);
        });
    }

    [Test]
    public void The_next_fault_carries_its_kind_and_is_used_up_like_a_status_fault()
    {
        var book = new FaultBook();
        book.Set(new Fault("+15550100001", null, 2, HttpStatus: 503, DelayMilliseconds: 100));

        Assert.Multiple(() =>
        {
            Assert.That(book.TakeNext("15550100001"), Is.EqualTo(new Fault("15550100001", null, 2, 503, 100)));
            Assert.That(book.List().Single().Times, Is.EqualTo(1));
            Assert.That(book.TakeNext("15550100001")?.HttpStatus, Is.EqualTo(503));
            Assert.That(book.TakeNext("15550100001"), Is.Null);
        });
    }

    [Test]
    public void Concurrent_sends_consume_a_fault_exactly_times_times()
    {
        var book = new FaultBook();
        book.Set(new Fault("15550100001", 1, 100));
        var faulted = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (book.TryTake("15550100001") is not null) Interlocked.Increment(ref faulted);
        });

        Assert.That(faulted, Is.EqualTo(100));
    }
}

public sealed class FaultRulesTests
{
    private static FaultRequest Request(string json) =>
        JsonSerializer.Deserialize<FaultRequest>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    [TestCase("""{"to":"+15550100001","status":"1","times":2}""", "15550100001", 1, 2)]
    [TestCase("""{"to":"15550100001","status":5}""", "15550100001", 5, 1)]
    [TestCase("""{"to":" +447700900001 ","status":"99","times":"3"}""", "447700900001", 99, 3)]
    public void A_valid_fault_is_read_with_times_defaulting_to_one(string json, string to, int status, int times)
    {
        var fault = FaultRules.Parse(Request(json), out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(fault, Is.EqualTo(new Fault(to, status, times)));
        });
    }

    [TestCase("""{"to":"+15550100001","httpStatus":503}""", "15550100001", null, 503, null, false)]
    [TestCase("""{"to":"+15550100001","httpStatus":429,"times":4}""", "15550100001", null, 429, null, false)]
    [TestCase("""{"to":"+15550100001","delayMs":3000}""", "15550100001", null, null, 3000, false)]
    [TestCase("""{"to":"+15550100001","drop":true}""", "15550100001", null, null, null, true)]
    [TestCase("""{"to":"+15550100001","drop":true,"delayMs":500}""", "15550100001", null, null, 500, true)]
    [TestCase("""{"to":"+15550100001","status":"5","delayMs":500}""", "15550100001", 5, null, 500, false)]
    public void Http_slow_and_dropped_faults_are_read(string json, string to, int? status, int? httpStatus, int? delayMs, bool drop)
    {
        var fault = FaultRules.Parse(Request(json), out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(fault, Is.EqualTo(new Fault(to, status, fault?.Times ?? 0, httpStatus, delayMs, drop)));
        });
    }

    [TestCase("""{"to":"+15550100001","status":"1","httpStatus":503}""", "status")]
    [TestCase("""{"to":"+15550100001","status":"1","drop":true}""", "status")]
    [TestCase("""{"to":"+15550100001","httpStatus":503,"drop":true}""", "status")]
    [TestCase("""{"to":"+15550100001","drop":false}""", "status")]
    [TestCase("""{"to":"+15550100001","httpStatus":404}""", "httpStatus")]
    [TestCase("""{"to":"+15550100001","httpStatus":200}""", "httpStatus")]
    [TestCase("""{"to":"+15550100001","delayMs":0}""", "delayMs")]
    [TestCase("""{"to":"+15550100001","delayMs":120001}""", "delayMs")]
    [TestCase("""{"status":"1"}""", "to")]
    [TestCase("""{"to":"12345","status":"1"}""", "to")]
    [TestCase("""{"to":"+15550100001"}""", "status")]
    [TestCase("""{"to":"+15550100001","status":"0"}""", "status")]
    [TestCase("""{"to":"+15550100001","status":"100"}""", "status")]
    [TestCase("""{"to":"+15550100001","status":"x"}""", "status")]
    [TestCase("""{"to":"+15550100001","status":true}""", "status")]
    [TestCase("""{"to":"+15550100001","status":"1","times":0}""", "times")]
    public void An_invalid_fault_names_the_field(string json, string field)
    {
        var fault = FaultRules.Parse(Request(json), out var errors);

        Assert.Multiple(() =>
        {
            Assert.That(fault, Is.Null);
            Assert.That(errors.Keys, Is.EquivalentTo(new[] { field }));
        });
    }
}
