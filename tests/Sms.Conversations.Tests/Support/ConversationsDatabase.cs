using Npgsql;
using Sms.Testing;

namespace Sms.Conversations.Tests.Support;

/// <summary>The service's test database, migrated with its own migrations; one data source for the whole run.</summary>
internal static class ConversationsDatabase
{
    public static Task<NpgsqlDataSource> GetAsync() => TestDatabase.GetAsync("conversations", typeof(Program).Assembly);
}
