package io.kdstream.core.training;
class Placeholder {}
