package dev.llmcost.contract;

/** The Reactor Netty contract (and its Context and scheduler cases) on Reactor Netty 1.2 and Netty 4.1. */
class ReactorNetty12ContractTest extends ReactorNettyContractTest {
}
