// One test at a time: the media tests run three Chromium pages with live video on two cores, and what they
// measure (frames decoded, freezes, time to the first frame) must not depend on which other test shares the cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
