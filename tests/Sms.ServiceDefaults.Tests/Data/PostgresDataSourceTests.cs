using Npgsql;
using Sms.ServiceDefaults.Data;

namespace Sms.ServiceDefaults.Tests.Data;

[TestFixture]
public sealed class PostgresDataSourceTests
{
    private const string Plain = "Host=127.0.0.1;Port=5432;Username=sms;Password=sms;Database=sms";

    [Test]
    public void Statements_are_prepared_automatically_when_the_connection_string_does_not_say()
    {
        using var dataSource = PostgresExtensions.CreateDataSource(Plain);
        Assert.That(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare,
            Is.EqualTo(PostgresExtensions.DefaultMaxAutoPrepare));
    }

    [TestCase("Max Auto Prepare=0", 0)]
    [TestCase("Max Auto Prepare=5", 5)]
    [TestCase("max auto prepare=7", 7)]
    [TestCase("MaxAutoPrepare=9", 9)]
    public void A_connection_string_that_sets_max_auto_prepare_keeps_its_value(string setting, int expected)
    {
        using var dataSource = PostgresExtensions.CreateDataSource(Plain + ";" + setting);
        Assert.That(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare, Is.EqualTo(expected));
    }

    [TestCase(Plain, false)]
    [TestCase(Plain + ";Max Auto Prepare=0", true)]
    [TestCase(Plain + ";Pooling=false", false)]
    public void Only_a_max_auto_prepare_that_is_written_counts_as_set(string connectionString, bool expected) =>
        Assert.That(PostgresExtensions.Names(connectionString, "Max Auto Prepare", "MaxAutoPrepare"), Is.EqualTo(expected));

    [Test]
    public void Pooled_connections_are_not_reset_when_the_connection_string_does_not_say()
    {
        using var dataSource = PostgresExtensions.CreateDataSource(Plain);
        Assert.That(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose, Is.True);
    }

    [TestCase("No Reset On Close=false")]
    [TestCase("NoResetOnClose=false")]
    public void A_connection_string_that_asks_for_the_reset_keeps_it(string setting)
    {
        using var dataSource = PostgresExtensions.CreateDataSource(Plain + ";" + setting);
        Assert.That(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).NoResetOnClose, Is.False);
    }
}
