using Sms.Router.Data;
using Sms.Router.Extensions;
using Sms.Router.Sessions;
using Sms.Router.Tests.Support;
using StackExchange.Redis;
using static Sms.Router.Tests.Support.Build;

namespace Sms.Router.Tests.Data;

/// <summary>Against the real Redis; every test has its own customer number.</summary>
public class SessionStoreTests : RedisFixture
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>The store under test, keeping expired sessions for <see cref="Retention"/>.</summary>
    private SessionStore Store => StoreRetaining(Retention);

    private SessionStore StoreRetaining(TimeSpan retention) => NewStore(new RouterOptions { ExpiredSessionRetention = retention });

    private ConversationSession NewSession(TimeSpan? ttl = null, DateTimeOffset? createdAt = null, IReadOnlyDictionary<string, string>? options = null) =>
        Session(options ?? AppointmentOptions, AppointmentNumber, createdAt ?? DateTimeOffset.UtcNow, ttl, customerNumber: CustomerNumber);

    [Test]
    public async Task A_saved_session_loads_with_every_field()
    {
        var session = NewSession();

        var result = await Store.SaveAsync(session, CancellationToken.None);
        var loaded = await Store.LoadAsync(CustomerNumber, CancellationToken.None);

        Assert.That(result, Is.EqualTo(SessionSaveResult.Stored));
        Assert.That(loaded, Has.Count.EqualTo(1));
        var back = loaded[0];
        Assert.Multiple(() =>
        {
            Assert.That(back.Id, Is.EqualTo(session.Id));
            Assert.That(back.CustomerNumber, Is.EqualTo(CustomerNumber));
            Assert.That(back.BusinessNumber, Is.EqualTo(AppointmentNumber));
            Assert.That(back.SessionType, Is.EqualTo(session.SessionType));
            Assert.That(back.CampaignId, Is.EqualTo(session.CampaignId));
            Assert.That(back.Options, Is.EquivalentTo(session.Options));
            Assert.That(back.AutoResponses, Is.EquivalentTo(session.AutoResponses));
            Assert.That(back.Context, Is.EquivalentTo(session.Context));
            Assert.That(back.CreatedAt, Is.EqualTo(session.CreatedAt));
            Assert.That(back.ExpiresAt, Is.EqualTo(session.ExpiresAt));
        });
    }

    [Test]
    public async Task Sessions_load_for_the_customer_however_the_number_is_written()
    {
        await Store.SaveAsync(NewSession(), CancellationToken.None);

        var loaded = await Store.LoadAsync(CustomerNumber.TrimStart('+'), CancellationToken.None);

        Assert.That(loaded, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Every_open_session_of_the_customer_loads_oldest_first()
    {
        var now = DateTimeOffset.UtcNow;
        var older = NewSession(createdAt: now.AddMinutes(-10));
        var newer = NewSession(createdAt: now, options: PaymentOptions);
        await Store.SaveAsync(newer, CancellationToken.None);
        await Store.SaveAsync(older, CancellationToken.None);

        var loaded = await Store.LoadAsync(CustomerNumber, CancellationToken.None);

        Assert.That(loaded.Select(s => s.Id), Is.EqualTo(new[] { older.Id, newer.Id }));
    }

    [Test]
    public async Task The_session_key_expires_with_the_session_and_its_retention()
    {
        var session = NewSession(TimeSpan.FromMinutes(30));

        await Store.SaveAsync(session, CancellationToken.None);

        var ttl = await Db.KeyTimeToLiveAsync(SessionStore.SessionKey(session.Id));
        Assert.That(ttl, Is.Not.Null);
        Assert.That(ttl!.Value, Is.EqualTo(TimeSpan.FromMinutes(30) + Retention).Within(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task By_default_the_session_key_lives_exactly_as_long_as_the_session()
    {
        var store = StoreRetaining(new RouterOptions().ExpiredSessionRetention);
        var session = NewSession(TimeSpan.FromHours(24));

        await store.SaveAsync(session, CancellationToken.None);

        var ttl = await Db.KeyTimeToLiveAsync(SessionStore.SessionKey(session.Id));
        Assert.That(ttl!.Value, Is.GreaterThan(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(10)).And.LessThanOrEqualTo(TimeSpan.FromHours(24)));
    }

    [Test]
    public async Task The_customers_index_lives_as_long_as_the_longest_session()
    {
        await Store.SaveAsync(NewSession(TimeSpan.FromHours(5)), CancellationToken.None);
        await Store.SaveAsync(NewSession(TimeSpan.FromHours(1)), CancellationToken.None);

        var ttl = await Db.KeyTimeToLiveAsync(SessionStore.CustomerIndexKey(CustomerNumber));

        Assert.That(ttl!.Value, Is.EqualTo(TimeSpan.FromHours(5) + Retention).Within(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task Every_session_is_listed_for_the_expiry_poller_by_its_expiry()
    {
        var session = NewSession(TimeSpan.FromMinutes(45));

        await Store.SaveAsync(session, CancellationToken.None);

        var score = await Db.SortedSetScoreAsync(SessionStore.ExpiryIndexKey, session.Id.ToString("D"));
        Assert.That(score, Is.EqualTo(session.ExpiresAt.ToUnixTimeMilliseconds()));
    }

    [Test]
    public async Task Storing_the_same_session_twice_keeps_one()
    {
        var session = NewSession();

        var first = await Store.SaveAsync(session, CancellationToken.None);
        var second = await Store.SaveAsync(session with { SessionType = "changed" }, CancellationToken.None);
        var loaded = await Store.LoadAsync(CustomerNumber, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(first, Is.EqualTo(SessionSaveResult.Stored));
            Assert.That(second, Is.EqualTo(SessionSaveResult.AlreadyStored));
            Assert.That(loaded.Select(s => s.SessionType), Is.EqualTo(new[] { session.SessionType }));
            Assert.That(await Db.SortedSetLengthAsync(SessionStore.CustomerIndexKey(CustomerNumber)), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_session_whose_key_expired_is_skipped_and_dropped_from_the_index()
    {
        var store = StoreRetaining(retention: TimeSpan.Zero);
        var lasting = NewSession(TimeSpan.FromHours(1));
        var shortLived = NewSession(TimeSpan.FromMilliseconds(300));
        await store.SaveAsync(lasting, CancellationToken.None);
        await store.SaveAsync(shortLived, CancellationToken.None);

        await Task.Delay(TimeSpan.FromMilliseconds(700));
        var loaded = await store.LoadAsync(CustomerNumber, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(loaded.Select(s => s.Id), Is.EqualTo(new[] { lasting.Id }));
            Assert.That(await Db.SortedSetRangeByRankAsync(SessionStore.CustomerIndexKey(CustomerNumber)),
                Is.EqualTo(new RedisValue[] { lasting.Id.ToString("D") }));
        });
    }

    [Test]
    public async Task A_session_already_expired_is_not_stored()
    {
        var session = NewSession(TimeSpan.FromMinutes(5), createdAt: DateTimeOffset.UtcNow.AddMinutes(-10));

        var result = await Store.SaveAsync(session, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(result, Is.EqualTo(SessionSaveResult.AlreadyExpired));
            Assert.That(await Db.KeyExistsAsync(SessionStore.SessionKey(session.Id)), Is.False);
        });
    }

    [Test]
    public async Task Closing_a_session_removes_it_and_remembers_the_answer()
    {
        var session = NewSession();
        await Store.SaveAsync(session, CancellationToken.None);
        var answer = Answer(session);

        var closed = await Store.CloseAsync(answer, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(closed, Is.True);
            Assert.That(await Store.LoadAsync(CustomerNumber, CancellationToken.None), Is.Empty);
            Assert.That(await Db.SortedSetScoreAsync(SessionStore.ExpiryIndexKey, session.Id.ToString("D")), Is.Null);
            var remembered = await Store.FindAnswerAsync(answer.InboundMessageId, CancellationToken.None);
            Assert.That(remembered, Is.Not.Null);
            Assert.That(remembered!.Match.Session.Id, Is.EqualTo(session.Id));
            Assert.That(remembered.Match.MatchedOption, Is.EqualTo("YES"));
            Assert.That(remembered.Match.Action, Is.EqualTo("confirm_appointment"));
            Assert.That(remembered.Match.Ambiguous, Is.True);
            Assert.That(remembered.AnsweredAt, Is.EqualTo(answer.AnsweredAt));
        });
    }

    [Test]
    public async Task The_same_reply_closing_again_still_holds_the_session()
    {
        var session = NewSession();
        await Store.SaveAsync(session, CancellationToken.None);
        var answer = Answer(session);

        await Store.CloseAsync(answer, CancellationToken.None);
        var again = await Store.CloseAsync(answer, CancellationToken.None);

        Assert.That(again, Is.True);
    }

    [Test]
    public async Task Another_reply_cannot_close_an_answered_session()
    {
        var session = NewSession();
        await Store.SaveAsync(session, CancellationToken.None);
        await Store.CloseAsync(Answer(session), CancellationToken.None);

        var other = Answer(session);
        var closed = await Store.CloseAsync(other, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(closed, Is.False);
            Assert.That(await Store.FindAnswerAsync(other.InboundMessageId, CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public async Task A_session_that_was_never_stored_cannot_be_closed()
    {
        Assert.That(await Store.CloseAsync(Answer(NewSession()), CancellationToken.None), Is.False);
    }

    [Test]
    public async Task A_redelivered_prompt_does_not_reopen_an_answered_session()
    {
        var session = NewSession();
        await Store.SaveAsync(session, CancellationToken.None);
        await Store.CloseAsync(Answer(session), CancellationToken.None);

        var result = await Store.SaveAsync(session, CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(result, Is.EqualTo(SessionSaveResult.AlreadyAnswered));
            Assert.That(await Store.LoadAsync(CustomerNumber, CancellationToken.None), Is.Empty);
        });
    }

    [Test]
    public async Task A_reply_never_classified_has_no_answer()
    {
        Assert.That(await Store.FindAnswerAsync(Guid.NewGuid(), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task A_saved_session_keeps_a_copy_for_its_expiry_event_a_week_past_the_expiry()
    {
        var session = NewSession(TimeSpan.FromHours(2));

        await Store.SaveAsync(session, CancellationToken.None);

        var expiry = await Db.KeyExpireTimeAsync(SessionStore.ExpiringKey(session.Id));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((string?)await Db.StringGetAsync(SessionStore.ExpiringKey(session.Id)), Does.Contain(session.Id.ToString("D")));
            Assert.That(expiry, Is.EqualTo((session.ExpiresAt + TimeSpan.FromDays(7)).UtcDateTime).Within(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public async Task Closing_a_session_forgets_its_expiry_copy_and_any_claim()
    {
        var session = NewSession();
        await Store.SaveAsync(session, CancellationToken.None);
        await Db.SortedSetAddAsync(SessionStore.ExpiryClaimsKey, session.Id.ToString("D"), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());

        await Store.CloseAsync(Answer(session), CancellationToken.None);

        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Db.KeyExistsAsync(SessionStore.ExpiringKey(session.Id)), Is.False);
            Assert.That(await Db.SortedSetScoreAsync(SessionStore.ExpiryClaimsKey, session.Id.ToString("D")), Is.Null);
        });
    }

    [Test]
    public async Task Each_unrecognised_reply_counts_once_per_session()
    {
        var session = NewSession();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        var counts = new[]
        {
            await Store.RecordClarificationAsync(session, first, CancellationToken.None),
            await Store.RecordClarificationAsync(session, first, CancellationToken.None),
            await Store.RecordClarificationAsync(session, second, CancellationToken.None),
            await Store.RecordClarificationAsync(NewSession(), second, CancellationToken.None),
        };

        Assert.That(counts, Is.EqualTo(new[] { 1, 1, 2, 1 }));
        Assert.That(await Db.KeyTimeToLiveAsync(SessionStore.ClarificationsKey(session.Id)), Is.GreaterThan(TimeSpan.FromHours(24)), "kept as long as the session at least");
    }

    private static SessionAnswer Answer(ConversationSession session) =>
        new(Guid.NewGuid(), new SessionMatch(session, "YES", "confirm_appointment", MatchStrength.Exact, Ambiguous: true), DateTimeOffset.UtcNow);
}
