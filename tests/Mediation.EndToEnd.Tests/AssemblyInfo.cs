// One test at a time: the media tests run three Chromium pages with live video on two cores, and what they
// measure (frames decoded, freezes, time to the first frame) must not depend on which other test shares the cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// A page left open keeps its camera and its call running: each test's pages close when it ends.
[assembly: Mediation.EndToEnd.Tests.ClosePagesAfterEachTest]
