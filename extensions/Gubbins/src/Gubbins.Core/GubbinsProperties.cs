namespace Gubbins.Core;

/// <summary>Gubbins' security property (DiracX's gubbins <c>GUBBINS_SENSEI</c>): who may manage the lollygag owners.</summary>
public static class GubbinsProperties
{
    /// <summary>The property's name, as it appears in a group's Properties and in tokens.</summary>
    public const string GubbinsSensei = "GubbinsSensei";
}

/// <summary>Gubbins' configuration field: <c>Registry.&lt;VO&gt;.Users.&lt;sub&gt;.GubbinsSpecificInfo</c>.</summary>
public static class GubbinsConfig
{
    /// <summary>The extra field of a user's configuration.</summary>
    public const string GubbinsSpecificInfo = "GubbinsSpecificInfo";
}

/// <summary>The names of Gubbins' databases.</summary>
public static class GubbinsDbNames
{
    /// <summary>Gubbins' own database: owners and cars.</summary>
    public const string LollygagDb = "lollygagdb";

    /// <summary>The schema of Gubbins' table in JobDB (its own schema, so its own migrations history).</summary>
    public const string GubbinsJobDbSchema = "gubbinsjobdb";
}
