package io.kdstream.broker;
class Placeholder {}
