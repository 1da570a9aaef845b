#!/usr/bin/env bash
echo "overlay test: TODO"
