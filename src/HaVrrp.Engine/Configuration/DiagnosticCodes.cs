namespace HaVrrp.Engine.Configuration;

/// <summary>
/// Every diagnostic code HaVrrp emits. Codes are stable: scripts and tickets refer to them, and
/// docs/diagnostics.md explains each one (a test keeps the two in step).
/// HV00xx: reading files and syntax; HV01xx: values; HV02xx: references between blocks;
/// HV03xx: operational advice; HV04xx: conversion between formats.
/// </summary>
public static class DiagnosticCodes
{
    // Reading files and syntax.
    public const string FileNotFound = "HV0001";
    public const string FileUnreadable = "HV0002";
    public const string FileNotText = "HV0003";
    public const string FileTooLarge = "HV0004";
    public const string FileEmpty = "HV0005";
    public const string NotRegularFile = "HV0006";
    public const string LoadLimitExceeded = "HV0007";
    public const string DiagnosticsSuppressed = "HV0008";
    public const string InternalError = "HV0009";
    public const string UnexpectedCloseBrace = "HV0010";
    public const string UnclosedBlock = "HV0011";
    public const string UnterminatedString = "HV0012";
    public const string ExpectedBlock = "HV0013";
    public const string UnknownKeyword = "HV0020";
    public const string LvsIgnored = "HV0021";
    public const string UnsupportedKeyword = "HV0022";
    public const string MissingValue = "HV0023";
    public const string InvalidValue = "HV0024";
    public const string DuplicateDefinition = "HV0025";
    public const string ExtraArguments = "HV0026";
    public const string UnimplementedFailoverTrigger = "HV0027";
    public const string IncludeNotFound = "HV0030";
    public const string IncludeCycle = "HV0031";
    public const string IncludeTooDeep = "HV0032";
    public const string UndefinedParameter = "HV0040";
    public const string InvalidParameterDefinition = "HV0041";
    public const string YamlSyntax = "HV0050";
    public const string YamlUnexpectedNode = "HV0051";
    public const string YamlUnknownKey = "HV0052";

    // Values.
    public const string MissingVirtualRouterId = "HV0101";
    public const string MissingInterface = "HV0102";
    public const string VirtualRouterIdOutOfRange = "HV0103";
    public const string PriorityOutOfRange = "HV0104";
    public const string OwnerPriorityWithoutOwnership = "HV0105";
    public const string AdvertIntervalV2 = "HV0106";
    public const string AdvertIntervalV3 = "HV0107";
    public const string WeightOutOfRange = "HV0108";
    public const string DuplicateVirtualRouterId = "HV0109";
    public const string IPv6RequiresVersion3 = "HV0110";
    public const string MixedAddressFamilies = "HV0111";
    public const string PasswordTruncated = "HV0112";
    public const string NopreemptWithMasterState = "HV0113";
    public const string ScriptNotFound = "HV0114";
    public const string ScriptNotExecutable = "HV0115";
    public const string InvalidVersion = "HV0117";
    public const string AuthenticationIgnoredInV3 = "HV0118";
    public const string AuthenticationAhUnsupported = "HV0119";
    public const string NoInstances = "HV0120";
    public const string NoVirtualAddresses = "HV0121";
    public const string PreemptDelayOutOfRange = "HV0122";
    public const string ScriptTimingOutOfRange = "HV0123";
    public const string UnicastFamilyMismatch = "HV0124";
    public const string GarpOutOfRange = "HV0126";
    public const string TrackFileWeightOutOfRange = "HV0127";
    public const string InsecureScript = "HV0128";
    public const string StaticAddressWithoutDevice = "HV0129";
    public const string UnicastPeerTtlRange = "HV0130";
    public const string NoAcceptNotEnforced = "HV0131";
    public const string NopreemptIgnored = "HV0132";
    public const string PreemptDelayIgnored = "HV0133";
    public const string AdvertOptionReset = "HV0134";
    public const string UnicastTtlOutOfRange = "HV0135";
    public const string StrictModeResets = "HV0136";
    public const string StrictModeRefuses = "HV0137";
    public const string OwnInterfaceTracked = "HV0138";
    public const string ScriptSecurityOff = "HV0139";
    public const string InvalidRoutingRule = "HV0140";
    public const string RoutingRuleWithoutPreference = "HV0141";
    public const string RoutingRuleReadDifferently = "HV0142";
    public const string RoutingRuleNotApplied = "HV0143";
    public const string UnknownRoutingTable = "HV0144";
    public const string UnknownTrackProcess = "HV0145";
    public const string TrackProcessValueOutOfRange = "HV0146";
    public const string TrackProcessNeverMatches = "HV0147";
    public const string MetricsListenInvalid = "HV0150";
    public const string VirtualMacNameInvalid = "HV0155";
    public const string VirtualMacAddressInvalid = "HV0156";
    public const string VirtualMacOptionReset = "HV0157";
    public const string VirtualMacNameClash = "HV0158";
    public const string VirtualMacLinkConflict = "HV0159";
    public const string DownTimerAdvertsOutOfRange = "HV0160";
    public const string UnicastFaultWithoutPeers = "HV0161";
    public const string InvalidNftablesTable = "HV0162";
    public const string AddressVirtualMacRedundant = "HV0163";
    public const string AddressVirtualMacClash = "HV0164";
    public const string AddressVirtualMacLinkConflict = "HV0165";
    public const string SchedulingOutOfRange = "HV0166";

    // References between blocks.
    public const string UnknownScript = "HV0201";
    public const string UnknownInterface = "HV0202";
    public const string UnknownTrackFile = "HV0203";
    public const string UnknownSyncGroupMember = "HV0204";
    public const string InstanceInTwoSyncGroups = "HV0205";
    public const string SyncGroupTooSmall = "HV0208";

    // Operational advice: valid, but likely not what was meant.
    public const string TrackedFailureNeverFailsOver = "HV0301";

    // Conversion between formats.
    public const string DroppedInConversion = "HV0401";
}
